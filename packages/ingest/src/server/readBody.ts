import type { IncomingMessage } from "node:http";
import { HttpError } from "./HttpError";

/**
 * Reads a request body of at most `limit` bytes as UTF-8. Over the limit (declared in
 * Content-Length or counted while streaming) it throws 413 `invalid_payload` at once
 * and leaves the rest of the body to be discarded, never buffered. Rejects with a
 * plain Error when the client goes away mid-body.
 *
 * @example
 * ```ts
 * const text = await readBody(req, 64 * 1024);
 * ```
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (bytes: number, exact: boolean) =>
      new HttpError(413, "invalid_payload", {
        fieldErrors: {
          body: `must be at most ${limit} bytes (got ${exact ? "" : "more than "}${bytes}); send fewer or smaller events per request`,
        },
        limit_bytes: limit,
      });
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) return reject(tooLarge(declared, true));
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error) => {
      done = true;
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      // A later abort of a discarded body must not become an unhandled 'error'.
      req.on("error", ignore);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // The stream keeps flowing with no listener: the rest is read and dropped.
      if (size > limit) finish(tooLarge(limit, false));
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (err: Error) => finish(err);
    const onClose = () => done || finish(new Error("[millimetric] the client closed the connection mid-body"));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

function ignore(): void {}
