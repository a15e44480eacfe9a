import { describe, expect, it } from "vitest";
import { blameRejectedBatch } from "../internal";

describe("blameRejectedBatch: whom a 400 on a batch blames", () => {
  it("events named by position (the ingest's keys), each once, in order", () => {
    expect(blameRejectedBatch({ fieldErrors: { "events.3.user_id": "x", "events.1.event": "x", "events.3.url": "x" } }, 10)).toEqual([1, 3]);
    expect(blameRejectedBatch({ fieldErrors: { "events.0": "must be an object" } }, 1)).toEqual([0]);
  });
  it("some event it does not name, or a position outside the batch: only splitting can tell", () => {
    expect(blameRejectedBatch({ fieldErrors: { event: "forbidden by project rule" } }, 10)).toBe("some_event");
    expect(blameRejectedBatch({ fieldErrors: { "events.1.event": "x", user_id: "x" } }, 10)).toBe("some_event");
    expect(blameRejectedBatch({ fieldErrors: { "events.10.event": "x" } }, 10)).toBe("some_event");
    expect(blameRejectedBatch({ fieldErrors: { "events.x.event": "x" } }, 10)).toBe("some_event");
  });
  it("the request itself, or nothing in particular: no split can help", () => {
    expect(blameRejectedBatch({ fieldErrors: { body: "must be valid JSON" } }, 10)).toBe("request");
    expect(blameRejectedBatch({ fieldErrors: { events: "must be an array of 1–1000 events" } }, 10)).toBe("request");
    for (const details of [undefined, null, {}, { fieldErrors: {} }, { fieldErrors: "bad" }, { fieldErrors: ["events.1"] }, "text"]) {
      expect(blameRejectedBatch(details, 10)).toBe("request");
    }
  });
});
