import type { DeliveryAnswer } from "./DeliveryAnswer";
import { parseRetryAfter } from "./parseRetryAfter";
import type { TransportAnswer } from "./Transport";

/**
 * What the engine needs of a transport's answer to a POST to `url`: success, a redirect
 * (with its target made absolute), or an error with the protocol's `error`/`details`
 * and, for a 429, how long to wait. Pure.
 *
 * @example readAnswer({ status: 429, retryAfter: "2", text: "", truncated: false }, url).retryAfterMs // 2000
 */
export function readAnswer(res: TransportAnswer, url: string): DeliveryAnswer {
  if (res.redirect) return { ok: false, status: res.status, redirect: true, location: res.location ? absolute(res.location, url) : undefined };
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  let payload: { error?: string; details?: unknown; retry_after_s?: unknown } | undefined;
  try {
    payload = JSON.parse(res.text);
  } catch {
    // not our server's error shape (or cut at the cap); the status alone decides
  }
  const answer: DeliveryAnswer = { ok: false, status: res.status, serverCode: payload?.error, details: payload?.details, truncated: res.truncated };
  if (res.status === 429) answer.retryAfterMs = parseRetryAfter(res.retryAfter ?? null, payload?.retry_after_s);
  return answer;
}

/** A `Location` resolved against the request's URL (it may be relative); as sent when it is not a URL. */
function absolute(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}
