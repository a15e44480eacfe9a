import { readCappedBytes } from "./readCappedBytes";

/** What {@link readCappedText} read. */
export interface CappedText {
  text: string;
  /** The body reached `maxBytes`: `text` may be its start only; the rest was never read. */
  truncated: boolean;
}

/**
 * Reads at most `maxBytes` of a response body as UTF-8, then cancels the stream, so an
 * answer of any size (a misconfigured proxy's 200 MB page, an endless stream) costs at
 * most that much memory. The body's end, when it comes before the cap, is read, which
 * lets the connection be reused.
 *
 * @example
 * ```ts
 * const { text, truncated } = await readCappedText(res, 64 * 1024);
 * ```
 */
export async function readCappedText(res: Pick<Response, "body" | "text">, maxBytes: number): Promise<CappedText> {
  const body = res.body;
  if (!body) return { text: "", truncated: false };
  // A hand-made fetch may answer without a readable stream; its body is already in memory.
  if (typeof body.getReader !== "function") {
    const text = await res.text();
    return { text: text.slice(0, maxBytes), truncated: text.length > maxBytes };
  }
  const { bytes, truncated } = await readCappedBytes(body, maxBytes);
  return { text: new TextDecoder().decode(bytes), truncated };
}
