/** What {@link readCappedBytes} read. */
export interface CappedBytes {
  bytes: Uint8Array<ArrayBuffer>;
  /** The body reached `maxBytes`: `bytes` may be its start only; the rest was never read. */
  truncated: boolean;
}

/**
 * Reads at most `maxBytes` of a body stream, as the bytes that arrived (nothing decoded,
 * so nothing grows: invalid UTF-8 stays the bytes it was), then cancels the stream. The
 * body's end, when it comes before the cap, is read, which lets the connection be reused.
 * An exact fit counts as truncated: whether more follows is unknown, and waiting to learn
 * could block on a stream that never ends.
 *
 * @example
 * ```ts
 * const { bytes, truncated } = await readCappedBytes(request.body, 1024 * 1024 + 1);
 * ```
 */
export async function readCappedBytes(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<CappedBytes> {
  if (!body) return { bytes: new Uint8Array(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - size;
    if (value.byteLength >= room) {
      chunks.push(value.subarray(0, room));
      size += room;
      truncated = true;
      void reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) bytes.set(c, at), (at += c.byteLength);
  return { bytes, truncated };
}
