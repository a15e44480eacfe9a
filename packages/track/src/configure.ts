import { MillimetricError, type MillimetricEvent, type MillimetricTypeError } from "@millimetric/core";
import { fitsProperties, invalidEventError, isEventName } from "@millimetric/core/internal";
import type { ConfigureOptions } from "./ConfigureOptions";
import { enqueue, retryNotBefore, setPipeline } from "./queue";
import { ruleBroken, setRejectionHook, type RejectedField } from "./rejectCall";
import { apiKey } from "./state";

/** The queue itself, taken before any configure() call puts a pipeline in front of it. */
const queueEvent = enqueue;

/** What `beforeSend` made of an event: the event to queue, `null` (dropped on purpose), or what went wrong. */
type Outcome = { event: MillimetricEvent } | null | { problem: string; cause?: unknown };

function applyBeforeSend(beforeSend: NonNullable<ConfigureOptions["beforeSend"]>, event: MillimetricEvent): Outcome {
  let returned: MillimetricEvent | null | undefined;
  try {
    returned = beforeSend(event);
  } catch (cause) {
    return { problem: "threw", cause };
  }
  if (returned === null) return null;
  if (returned === undefined) return { problem: "returned undefined" };
  // The two rules track() checks, again: the hook may have changed the name or the
  // properties, and an event that breaks them would make the ingest refuse its whole
  // batch. The SDK's own fields are the hook's to keep within the protocol.
  if (!isEventName(returned.event)) return { problem: `returned an invalid "event" (1–128 characters; "$" names are reserved)` };
  if (returned.properties != null && !fitsProperties(returned.properties)) return { problem: `returned invalid "properties" (a JSON object of at most 8192 bytes)` };
  return { event: returned };
}

/** "1 event", "3 events". */
const countOf = (count: number) => count + (count == 1 ? " event" : " events");

/**
 * Sets `beforeSend`, `debug`, `disabled` and `onError` (see {@link ConfigureOptions}).
 * Call it before {@link init}, so the first `$pageview` goes through it too; each call
 * replaces the previous settings, and `configure({})` removes them all.
 *
 * @example
 * ```ts
 * import { configure, init } from "@millimetric/track";
 * configure({ beforeSend: (event) => (event.path?.startsWith("/admin") ? null : event), debug: true });
 * init({ key: "pk_live_…" });
 * ```
 */
export function configure(options: ConfigureOptions = {}): void {
  const { beforeSend, debug, disabled, onError } = options;
  // Development-only messages, written out so production bundles drop them (the
  // literal `process.env.NODE_ENV` is replaced; without `process` the catch is silent).
  try {
    if (process.env.NODE_ENV != "production" && apiKey) {
      console.warn("[millimetric] configure() after init(): events tracked before it (the first $pageview) did not go through it; call configure() first");
    }
  } catch {}
  const log = debug ? (line: string, ...details: unknown[]) => console.log("[millimetric] " + line, ...details) : undefined;
  const report = (error: MillimetricError | MillimetricTypeError) => {
    try {
      if (onError) onError(error);
      else if (process.env.NODE_ENV != "production") console.error(error);
    } catch {} // an onError that throws (or no `process`) must not break track() either
  };

  const intercept = (event: MillimetricEvent) => {
    const name = JSON.stringify(event.event);
    const outcome = beforeSend ? applyBeforeSend(beforeSend, event) : { event };
    if (!outcome) return log?.(`dropped ${name}: beforeSend returned null`);
    if ("problem" in outcome) {
      log?.(`dropped ${name}: beforeSend ${outcome.problem}`);
      const message = `beforeSend ${outcome.problem} for ${name}, so that event was dropped: return the event (changed or not), or null to drop it`;
      return report(new MillimetricError("before_send_failed", message, { cause: outcome.cause, count: 1 }));
    }
    if (disabled) return log?.(`not sent ${name} (disabled)`, outcome.event);
    log?.(`queued ${name}`, outcome.event);
    queueEvent(outcome.event);
  };

  // Watches each answer on its way back to the queue, which decides what happens next.
  const transport: typeof fetch = async (url, init) => {
    const count = (JSON.parse(String(init!.body)) as { events: unknown[] }).events.length;
    const events = countOf(count);
    // The queue sets its retry time once it has the answer, in the same task: read it after.
    const logRetry = (what: string) =>
      log && setTimeout(() => log(`${what}: ${events} back in the queue, retry in ${Math.max(0, Math.round((retryNotBefore - Date.now()) / 1e3))} s`));
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      logRetry("network error");
      throw error;
    }
    const { status } = response;
    if (status < 300) log?.(`delivered ${events} (HTTP ${status})`);
    else if (status > 499 || status == 429) logRetry("HTTP " + status);
    else {
      log?.(`HTTP ${status}: ${events} dropped`);
      const serverCode = ((await response.clone().json().catch(() => ({}))) as { error?: string }).error;
      const fix = status == 401 || status == 403 ? "check the pk_ key and your project's allowed origins" : "the answer's details name the rule they break";
      const message = `the ingest API refused a batch of ${events} with HTTP ${status}${serverCode ? " " + serverCode : ""}: ${fix}`;
      report(new MillimetricError("http_error", message, { status, serverCode, count }));
    }
    return response;
  };

  // A call rejected in production (development throws instead): the same error, reported.
  const rejected = (field: RejectedField, value: unknown) => {
    const error = invalidEventError(field, ruleBroken(field, value));
    log?.("dropped a call: " + error.message.slice(14));
    report(error);
  };

  setPipeline(beforeSend || debug || disabled ? intercept : queueEvent, debug || onError ? transport : undefined);
  setRejectionHook(debug || onError ? rejected : undefined);
}
