import { describe, expect, it } from "vitest";
import { findLikelySplit, SPLIT_WINDOW_MS, type SplitCandidateEvent } from "./findLikelySplit";

const T = Date.parse("2026-03-01T10:00:00Z");
const server = (ts_ms: number, path: string | null = "/api/signup", event = "signup"): SplitCandidateEvent => ({ anonymous_id: "u_server", event, ts_ms, path });
const browser = (anonymous_id: string, ts_ms: number, path: string | null = "/pricing", event = "$pageview"): SplitCandidateEvent => ({ anonymous_id, event, ts_ms, path });

describe("findLikelySplit (the events page's split rule)", () => {
  it("pairs a server event with a browser-only visitor's event within a minute, either order", () => {
    expect(findLikelySplit([server(T + 2_000)], [browser("u_web", T)])).toMatchObject({
      browser_anonymous_id: "u_web",
      gap_ms: 2_000,
      same_path: false,
      server_event: { event: "signup", ts_ms: T + 2_000 },
      browser_event: { event: "$pageview", ts_ms: T, path: "/pricing" },
    });
    // The server rendered the page first, the browser's $pageview followed.
    expect(findLikelySplit([server(T)], [browser("u_web", T + 1_500)])?.gap_ms).toBe(1_500);
  });

  it("stops at the window: 60 s pairs, 60.001 s does not", () => {
    expect(SPLIT_WINDOW_MS).toBe(60_000);
    expect(findLikelySplit([server(T + 60_000)], [browser("u_web", T)])?.gap_ms).toBe(60_000);
    expect(findLikelySplit([server(T + 60_001)], [browser("u_web", T)])).toBeNull();
    expect(findLikelySplit([server(T - 60_001)], [browser("u_web", T)])).toBeNull();
    expect(findLikelySplit([server(T + 5_000)], [browser("u_web", T)], 1_000)).toBeNull();
  });

  it("names the closest pair over all server events and all of the partner's events", () => {
    const split = findLikelySplit(
      [server(T, "/api/a", "first"), server(T + 30_000, "/api/b", "second")],
      [browser("u_web", T + 20_000, "/a", "clicked"), browser("u_web", T + 31_000, "/b", "submitted"), browser("u_web", T - 5_000)],
    );
    expect(split).toMatchObject({ browser_anonymous_id: "u_web", gap_ms: 1_000, server_event: { event: "second" }, browser_event: { event: "submitted" } });
  });

  it("marks nothing when two browser-only visitors are within the window: time cannot say whose half it is", () => {
    expect(findLikelySplit([server(T)], [browser("u_one", T + 1_000), browser("u_two", T + 50_000)])).toBeNull();
    // Around different server events of the same visitor, still two candidates.
    expect(findLikelySplit([server(T), server(T + 600_000)], [browser("u_one", T + 1_000), browser("u_two", T + 601_000)])).toBeNull();
    // A second browser-only visitor outside the window does not count.
    expect(findLikelySplit([server(T)], [browser("u_one", T + 1_000), browser("u_two", T + 60_001)])?.browser_anonymous_id).toBe("u_one");
  });

  it("breaks a tie in favour of a pair on the same path", () => {
    const split = findLikelySplit([server(T, "/pricing")], [browser("u_web", T - 3_000, "/blog", "left"), browser("u_web", T + 3_000, "/pricing", "came_back")]);
    expect(split).toMatchObject({ browser_anonymous_id: "u_web", same_path: true, browser_event: { event: "came_back" } });
    // Reversed input order, same answer: the rule does not depend on row order.
    expect(findLikelySplit([server(T, "/pricing")], [browser("u_web", T + 3_000, "/pricing", "came_back"), browser("u_web", T - 3_000, "/blog", "left")])?.browser_event.event).toBe("came_back");
    // Two missing paths are not "the same page".
    expect(findLikelySplit([server(T, null)], [browser("u_web", T, null)])?.same_path).toBe(false);
  });

  it("marks nothing without a browser-only visitor nearby (a backend-only app, an SDK blocked in the browser)", () => {
    expect(findLikelySplit([server(T), server(T + 1_000)], [])).toBeNull();
    expect(findLikelySplit([], [browser("u_web", T)])).toBeNull();
  });

  it("never pairs a visitor with its own id, nor with an event that has no id", () => {
    expect(findLikelySplit([server(T)], [browser("u_server", T)])).toBeNull();
    expect(findLikelySplit([server(T)], [{ anonymous_id: null, event: "$pageview", ts_ms: T, path: "/" }])).toBeNull();
  });
});
