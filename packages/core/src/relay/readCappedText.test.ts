import { describe, expect, it } from "vitest";
import { readCappedText } from "../internal";

/** A body that never ends, counting what was pulled from it and whether it was cancelled. */
function endless() {
  const seen = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode("x".repeat(1000));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { res: new Response(body), seen };
}

describe("readCappedText", () => {
  it("reads an endless body up to the cap, then cancels it", async () => {
    const { res, seen } = endless();
    const { text, truncated } = await readCappedText(res, 64 * 1024);
    expect(text).toHaveLength(64 * 1024);
    expect(truncated).toBe(true);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThan(80 * 1024); // the stream's own read-ahead at most
  });
  it("reads a short body whole, as UTF-8, without cancelling it", async () => {
    expect(await readCappedText(new Response('{"error":"rate_limited","é":1}'), 64 * 1024)).toEqual({ text: '{"error":"rate_limited","é":1}', truncated: false });
    expect(await readCappedText(new Response(null, { status: 204 }), 10)).toEqual({ text: "", truncated: false });
  });
  it("an exact fit counts as truncated: whether more follows is unknown", async () => {
    expect(await readCappedText(new Response("12345"), 5)).toEqual({ text: "12345", truncated: true });
    expect(await readCappedText(new Response("123456"), 5)).toEqual({ text: "12345", truncated: true });
  });
});
