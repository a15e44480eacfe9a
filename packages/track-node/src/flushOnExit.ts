import { existingClient } from "./defaultClient";
import { describeThrown } from "./describeThrown";
import type { FlushOnExitOptions } from "./FlushOnExitOptions";
import { lostAtExitMessage, type CountedClient } from "./lostAtExitMessage";

type Flushable = { flush(): Promise<unknown> } & CountedClient;

/** One `flushOnExit()` call: what to flush, for how long at most, on which signals. */
interface Registration {
  /** What the caller passed as `client` (the default client when absent): one registration each. */
  key: unknown;
  peek: () => Flushable | undefined;
  timeoutMs: number;
  signals: readonly string[];
}

/** Process-wide: every registration, and our one listener per signal. */
interface Registry {
  registrations: Registration[];
  listeners: Map<string, () => void>;
  /**
   * Signals one of the app's listeners was removed from in the current synchronous run
   * (cleared by a microtask). Optional: a registry made by an older copy has none yet.
   */
  removedNow?: Set<string>;
  /** Whether the process's `exit` listener that reports lost events is in place (absent in a registry an older copy made). */
  exitWatched?: boolean;
}

/** The part of Node's `process` this needs; Bun and Deno have it too, Workers do not. */
interface SignalProcess {
  pid: number;
  on(event: string, listener: (...args: never[]) => void): unknown;
  prependListener?(signal: string, listener: () => void): unknown;
  removeListener(signal: string, listener: () => void): unknown;
  listeners(signal: string): Array<(...args: unknown[]) => unknown>;
  kill(pid: number, signal: string): unknown;
  exit(code: number): never;
  getBuiltinModule?: (id: string) => unknown;
}

// On globalThis under a registered symbol so the ESM and CJS builds of this package (an app
// importing one while a dependency requires the other, or two versions in node_modules)
// share one listener per signal: two listeners of ours would each see the other as "the
// app's own" and never re-raise.
const REGISTRY = Symbol.for("millimetric.flushOnExit");
const DEFAULT_CLIENT = Symbol("the default client");

/** Exit statuses where `os.constants` cannot be read: 128 + the POSIX signal number. */
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

/**
 * Flushes queued events when the process receives SIGTERM or SIGINT, then lets the signal
 * do what it would have done: if the app had its own listener for it when it arrived
 * (`process.once` and handlers that remove themselves included), nothing more (its handler
 * decides when and how to exit); otherwise the process ends as if we had never listened.
 * For every long-running server (Node, Bun, Deno) that batches (`flushAt` above 1).
 * Several calls share one listener per signal, which flushes each client once (within the
 * longest `timeoutMs` asked for it). A second signal during the flush skips the wait. Does
 * nothing where the runtime has no process signals (Workers).
 *
 * When the process exits anyway with events still pending in these clients — the app's own
 * handler called `process.exit()` before the flush finished (`server.close(() =>
 * process.exit(0))`), or a script ended without `await flush()` — one line on stderr says
 * how many were lost and the fix. It only counts (exit listeners are synchronous) and never
 * touches the exit code.
 *
 * @example
 * ```ts
 * import { init, flushOnExit } from "@millimetric/track-node";
 * init({ flushAt: 50 });
 * flushOnExit(); // SIGTERM/SIGINT: deliver what is queued (5 s at most), then exit as usual
 * ```
 */
export function flushOnExit(options: FlushOnExitOptions = {}): void {
  const proc = (globalThis as { process?: Partial<SignalProcess> }).process;
  if (typeof proc?.on !== "function") return;
  const global = globalThis as { [REGISTRY]?: Registry };
  const registry: Registry = (global[REGISTRY] ??= { registrations: [], listeners: new Map() });
  const { client } = options;
  const key = client ?? DEFAULT_CLIENT;
  if (registry.registrations.some((r) => r.key === key)) return;
  const peek = typeof client === "function" ? client : client ? () => client : existingClient;
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  registry.registrations.push({ key, peek, timeoutMs: options.timeoutMs ?? 5000, signals });
  watchExit(registry, proc as SignalProcess);
  for (const signal of signals) {
    if (registry.listeners.has(signal)) continue;
    const listener = listenerFor(signal, registry, proc as SignalProcess);
    try {
      watchRemovals(registry, proc as SignalProcess);
      // First in line, so that when the signal arrives the app's listeners are all still
      // there to be seen: Node removes a `once` wrapper before calling the app's handler.
      if (typeof proc.prependListener === "function") proc.prependListener(signal, listener);
      else proc.on(signal, listener);
      registry.listeners.set(signal, listener);
    } catch {
      // A runtime with `process.on` that refuses signal listeners (a sandbox): no flush on
      // this signal, and the app still starts.
    }
  }
}

/**
 * Once per process: on `exit`, counts what the registered clients still hold and, when
 * anything is, prints {@link lostAtExitMessage}'s one line. The process ends by a signal
 * (no `exit` event) when we re-raise after delivering, so this speaks only when the app's
 * own exit (or the end of the event loop) came first.
 */
function watchExit(registry: Registry, proc: SignalProcess): void {
  if (registry.exitWatched) return;
  registry.exitWatched = true;
  try {
    proc.on("exit", () => {
      const clients = new Set<Flushable>();
      for (const { peek } of registry.registrations) {
        try {
          const client = peek();
          if (client) clients.add(client);
        } catch {
          // a lookup that throws at exit: nothing to count there
        }
      }
      const line = lostAtExitMessage(clients);
      if (line) console.error(line);
    });
  } catch {
    // no `exit` event on this runtime: nothing to report with
  }
}

/**
 * Notes an app listener removed from one of our signals during the current synchronous
 * run: an emit calls every listener in one run, so this is how a `once` listener (or a
 * handler that removes itself) that ran before ours still counts as the app's, when the
 * app added it with `prependListener` after we registered.
 */
function watchRemovals(registry: Registry, proc: SignalProcess): void {
  if (registry.removedNow) return;
  const removedNow = (registry.removedNow = new Set());
  proc.on("removeListener", (event: string, listener: unknown) => {
    const ours = registry.listeners.get(event);
    if (!ours || listener === ours || removedNow.has(event)) return;
    removedNow.add(event);
    queueMicrotask(() => removedNow.delete(event));
  });
}

/** Whether the app has a listener of its own for `signal` (or had one a moment ago, in this emit). */
function appListens(signal: string, ours: () => void, registry: Registry, proc: SignalProcess): boolean {
  return registry.removedNow?.has(signal) === true || proc.listeners(signal).some((l) => l !== ours);
}

function listenerFor(signal: string, registry: Registry, proc: SignalProcess): () => void {
  let flushing = false;
  const onSignal = (): void => {
    // Decided now, synchronously, while the app's listeners are still registered: after an
    // await, a `process.once` handler (close-with-grace and the like) is already gone, and
    // re-raising would kill the app in the middle of its own graceful shutdown.
    const appOwnsExit = appListens(signal, onSignal, registry, proc);
    // A second signal during the flush skips the wait (when the app has no say).
    if (flushing) return void (appOwnsExit || reraise(signal, onSignal, registry, proc));
    flushing = true;
    // Registrations that end at the same client (a shared one, the default one) flush it once.
    const clients = new Map<Flushable, number>();
    for (const { peek, timeoutMs, signals } of registry.registrations) {
      if (!signals.includes(signal)) continue;
      const client = peek();
      if (client) clients.set(client, Math.max(clients.get(client) ?? 0, timeoutMs));
    }
    void Promise.all([...clients].map(([client, timeoutMs]) => flushWithin(client, timeoutMs, signal))).then(() => {
      flushing = false;
      if (!appOwnsExit) reraise(signal, onSignal, registry, proc);
    });
  };
  return onSignal;
}

async function flushWithin(client: Flushable, timeoutMs: number, signal: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([
    client.flush().catch((err: unknown) => {
      console.error(`[millimetric] flush on ${signal} failed: ${describeThrown(err)}`);
    }),
    timedOut,
  ]);
  clearTimeout(timer);
}

/** Re-raises `signal` with the default disposition, unless the app has started listening for it meanwhile. */
function reraise(signal: string, ours: () => void, registry: Registry, proc: SignalProcess): void {
  if (proc.listeners(signal).some((l) => l !== ours)) return;
  proc.removeListener(signal, ours);
  if (registry.listeners.get(signal) === ours) registry.listeners.delete(signal);
  proc.kill(proc.pid, signal);
  // Where a signal cannot be re-raised (Windows), end with the conventional status.
  const timer = setTimeout(() => proc.exit(128 + signalNumber(signal, proc)), 100) as { unref?: () => void };
  timer.unref?.();
}

/** The signal's number from `os.constants` (looked up at run time: the main entry imports nothing of Node), else POSIX's. */
function signalNumber(signal: string, proc: SignalProcess): number {
  try {
    const os = proc.getBuiltinModule?.("node:os") as { constants?: { signals?: Record<string, number> } } | undefined;
    const n = os?.constants?.signals?.[signal];
    if (typeof n === "number") return n;
  } catch {
    // a runtime that has the function but refuses the module
  }
  return SIGNAL_NUMBERS[signal] ?? 0;
}
