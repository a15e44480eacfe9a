import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Transport, TransportAnswer } from "@millimetric/core";
import type { ClosableTransport } from "./ClosableTransport";

/**
 * The Node transport: `node:http`/`node:https` with one keep-alive agent per client.
 * A 50-event POST costs a fraction of what it costs through `fetch` (undici's web streams,
 * `Response` and `Headers` objects), and the connection is reused from one batch to the
 * next. Idle sockets are unref'd by Node's agent, so they never keep a process up;
 * `close()` (on the client's `shutdown()`) destroys them. Only loaded on Node, through
 * the package's `node` export condition: the main entry stays free of `node:*`.
 */
export function nodeTransport(): ClosableTransport {
  let http: HttpAgent | undefined;
  let https: HttpsAgent | undefined;
  // The engine posts to two fixed URLs: parse each once.
  const urls = new Map<string, URL>();
  const send: Transport = ({ url, headers, body, signal, maxAnswerBytes }) =>
    new Promise<TransportAnswer>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      let target = urls.get(url);
      if (!target) urls.set(url, (target = new URL(url)));
      const secure = target.protocol === "https:";
      if (!secure && target.protocol !== "http:") {
        return reject(new TypeError(`[millimetric] unsupported protocol ${target.protocol} in "host": use http:// or https://`));
      }
      // Encoded once: its length is the Content-Length, and the socket writes it as it is.
      const payload = Buffer.from(body, "utf8");
      let settled = false;
      const done = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        fn();
      };
      const req = (secure ? httpsRequest : httpRequest)(target, {
        method: "POST",
        agent: secure ? (https ??= new HttpsAgent({ keepAlive: true })) : (http ??= new HttpAgent({ keepAlive: true })),
        headers: { ...headers, "content-length": payload.length },
      });
      // As fetch does: an abort rejects with the signal's reason (the engine's timeout message).
      const onAbort = (): void => done(() => (req.destroy(), reject(signal.reason)));
      signal.addEventListener("abort", onAbort, { once: true });
      req.on("error", (err) => done(() => reject(err)));
      req.once("response", (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          const location = res.headers.location;
          return done(() => resolve({ status, redirect: true, location: location ?? null, text: "", truncated: false }));
        }
        readCapped(res, maxAnswerBytes, (err, text, truncated) =>
          done(() => (err ? reject(err) : resolve({ status, retryAfter: header(res, "retry-after"), text: text!, truncated: truncated! }))),
        );
      });
      req.end(payload);
    });
  return {
    send,
    close() {
      http?.destroy();
      https?.destroy();
      http = https = undefined;
    },
  };
}

function header(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Reads at most `max` bytes of an answer. Read to its end (the usual, small answer) the
 * socket goes back to the agent; cut at the cap, the rest is never read and the socket
 * is destroyed.
 */
function readCapped(res: IncomingMessage, max: number, cb: (err: Error | undefined, text?: string, truncated?: boolean) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (err: Error | undefined, truncated = false): void => {
    if (finished) return;
    finished = true;
    cb(err, err ? undefined : Buffer.concat(chunks, size).toString("utf8"), truncated);
  };
  res.on("data", (chunk: Buffer) => {
    if (finished) return;
    const room = max - size;
    if (chunk.length >= room) {
      chunks.push(chunk.subarray(0, room));
      size += room;
      // An exact fit counts as truncated too (as readCappedText): more may follow.
      finish(undefined, true);
      res.destroy();
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  });
  res.once("end", () => finish(undefined));
  res.on("error", (err) => finish(err));
  // Closed before its end: the connection broke mid-answer.
  res.once("close", () => finish(new Error("[millimetric] the connection closed before the answer ended")));
}
