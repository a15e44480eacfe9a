import { describe, expect, it } from "vitest";
import { batchBody } from "./batchBody";
import { nextBatch } from "./nextBatch";
import type { QueuedEvent } from "./QueuedEvent";
import { utf8Length } from "../events/utf8Length";

const events = (jsons: string[]): QueuedEvent[] => jsons.map((json, i) => ({ seq: i + 1, json }));

describe("nextBatch", () => {
  it("takes up to maxBatchEvents from `from` on, without changing the queue", () => {
    const queued = events(["1", "2", "3", "4", "5"]);
    const copy = structuredClone(queued);
    expect(nextBatch(queued, 1, { maxBatchEvents: 3, maxBatchBytes: 1e6 }).events.map((e) => e.json)).toEqual(["2", "3", "4"]);
    expect(queued).toEqual(copy);
  });

  it("keeps each body under maxBatchBytes as UTF-8, and always takes the first event", () => {
    const queued = events(['"é…é…é…é…"', '"é…é…é…é…"', '"é…é…é…é…"']);
    const cap = 60;
    // 11 UTF-16 units but 23 UTF-8 bytes each (with its comma): all three fit by length, two by bytes.
    const { events: batch, body } = nextBatch(queued, 0, { maxBatchEvents: 1000, maxBatchBytes: cap });
    expect(batch).toHaveLength(2);
    expect(body).toBeUndefined();
    expect(utf8Length(batchBody(batch))).toBeLessThanOrEqual(cap);
    expect(nextBatch(events(["x".repeat(500)]), 0, { maxBatchEvents: 1000, maxBatchBytes: 10 }).events).toHaveLength(1);
  });

  it("hands over the body it built while measuring, so the request does not join it again", () => {
    const queued = events(['"a"', '"b"']);
    const { events: batch, body } = nextBatch(queued, 0, { maxBatchEvents: 1000, maxBatchBytes: 40 });
    expect(batch).toHaveLength(2);
    expect(body).toBe('{"events":["a","b"]}');
  });
});
