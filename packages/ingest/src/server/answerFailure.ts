import type { IncomingMessage, ServerResponse } from "node:http";
import type { HandlerContext } from "./HandlerContext";
import { HttpError } from "./HttpError";
import { sendJson } from "./sendJson";

const INTERNAL_ERROR = () =>
  new HttpError(500, "internal_error", {
    message: "[millimetric] the local ingest server failed on this request; its console has the stack",
  });

/**
 * Answers a request whose handling threw. The one place an error answer is written,
 * so every one has the protocol's shape `{"error": "<code>", "details": {...}}`: an
 * {@link HttpError} as it says, anything else as 500 `internal_error` (reported to
 * `onError`; the client learns nothing of it).
 *
 * @example
 * ```ts
 * handle(req, res).catch((err) => answerFailure(ctx, req, res, err));
 * ```
 */
export function answerFailure(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  // The client went away mid-request: nobody to answer.
  if (req.socket.destroyed || res.writableEnded) return;
  if (res.headersSent) {
    // Too late for an error answer: cut the connection so the client sees a failure, not a short success.
    ctx.onError(err);
    res.destroy();
    return;
  }
  if (!(err instanceof HttpError)) ctx.onError(err);
  const answer = err instanceof HttpError ? err : INTERNAL_ERROR();
  sendJson(res, answer.status, { error: answer.serverCode, details: answer.details, ...answer.extra }, answer.headers);
}
