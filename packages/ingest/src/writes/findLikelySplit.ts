/**
 * How close in time a server-only visitor's server event and a browser-only visitor's
 * browser event must be for the two to look like one person with two ids: one minute.
 * A split visitor's halves act together (the server renders the page or answers its form
 * within seconds of the browser's `$pageview` or click), while two strangers on a local
 * server seldom do; a wider window would start pairing a developer's unrelated sessions.
 */
export const SPLIT_WINDOW_MS = 60_000;

/** The fields of an event that the split rule reads. */
export interface SplitCandidateEvent {
  anonymous_id: string | null;
  event: string;
  ts_ms: number;
  path: string | null;
}

/** Why a server-only visitor looks like the server half of a browser-only visitor. */
export interface LikelySplit {
  /** The browser-only visitor that is probably the same person. */
  browser_anonymous_id: string;
  /** The server-only visitor's event of the closest pair. */
  server_event: SplitCandidateEvent;
  /** The browser-only visitor's event of the closest pair. */
  browser_event: SplitCandidateEvent;
  /** Milliseconds between the two events, either order. */
  gap_ms: number;
  /** Both events name the same page path. */
  same_path: boolean;
}

/**
 * The split rule of the events page: a visitor that has server events and no browser
 * events is a likely split when exactly one visitor that has browser events and no server
 * events sent a browser event within {@link SPLIT_WINDOW_MS} of one of its server events.
 * The closest pair is the reason shown; on a tie, a pair on the same path wins.
 *
 * Not marked, so the mark stays rare and believable: a server-only visitor with no
 * browser-only visitor nearby (a backend-only app, a browser that blocks the SDK), and one
 * with two or more browser-only visitors nearby (parallel e2e tests, a load test): time
 * alone cannot say whose other half it is.
 *
 * @param serverEvents - the server-only visitor's own server events (they carry its anonymous_id)
 * @param browserOnlyEvents - browser events of visitors that have no server events
 * @param windowMs - the largest gap that still pairs two events. @default SPLIT_WINDOW_MS
 * @returns the closest pair, or `null` when no browser-only visitor, or more than one, is within the window
 *
 * @example
 * ```ts
 * findLikelySplit(
 *   [{ anonymous_id: "u_srv", event: "signup", ts_ms: 1_000, path: "/pricing" }],
 *   [{ anonymous_id: "u_web", event: "$pageview", ts_ms: 3_000, path: "/pricing" }],
 * ) // { browser_anonymous_id: "u_web", gap_ms: 2000, same_path: true, … }
 * ```
 */
export function findLikelySplit(
  serverEvents: readonly SplitCandidateEvent[],
  browserOnlyEvents: readonly SplitCandidateEvent[],
  windowMs: number = SPLIT_WINDOW_MS,
): LikelySplit | null {
  let best: LikelySplit | null = null;
  for (const s of serverEvents) {
    for (const b of browserOnlyEvents) {
      // Only the other visitor's events: its id is what the browser should have adopted.
      if (b.anonymous_id === null || b.anonymous_id === s.anonymous_id) continue;
      const gap_ms = Math.abs(s.ts_ms - b.ts_ms);
      if (gap_ms > windowMs) continue;
      if (best !== null && best.browser_anonymous_id !== b.anonymous_id) return null; // two candidates: ambiguous
      const same_path = s.path !== null && s.path === b.path;
      if (best === null || gap_ms < best.gap_ms || (gap_ms === best.gap_ms && same_path && !best.same_path)) {
        best = { browser_anonymous_id: b.anonymous_id, server_event: s, browser_event: b, gap_ms, same_path };
      }
    }
  }
  return best;
}
