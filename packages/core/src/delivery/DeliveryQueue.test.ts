import { describe, expect, it } from "vitest";
import { DeliveryQueue } from "./DeliveryQueue";

describe("DeliveryQueue", () => {
  it("drops the oldest past its cap, takes from the head and puts a batch back in order", () => {
    const queue = new DeliveryQueue(3);
    expect([1, 2, 3, 4].map((n) => queue.push(String(n)))).toEqual([0, 0, 0, 1]);
    expect([queue.size, queue.firstSeq, queue.lastSeq]).toEqual([3, 2, 4]);
    const { events: batch } = queue.take({ maxBatchEvents: 2, maxBatchBytes: 1e6 });
    expect(batch.map((e) => e.seq)).toEqual([2, 3]);
    queue.push("5");
    queue.putBack(batch);
    expect(queue.countUpTo(4)).toBe(3);
    expect(queue.take({ maxBatchEvents: 10, maxBatchBytes: 1e6 }).events.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
    expect([queue.size, queue.firstSeq]).toEqual([0, Infinity]);
  });
});
