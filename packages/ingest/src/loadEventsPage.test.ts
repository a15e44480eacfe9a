import type Database from "better-sqlite3";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { eventRow, type RowInput } from "../test/eventRows";
import { loadEventsPageBefore } from "../test/loadEventsPageBefore";
import { EventStore, type EventsPageData } from "./store/EventStore";

let store: EventStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

/** A fresh in-memory store holding `rows`, in order. */
function storeWith(rows: readonly RowInput[]): EventStore {
  store?.close();
  store = new EventStore(":memory:");
  store.insert(rows.map(eventRow));
  return store;
}
/** The store's own connection: the old queries run on it as the oracle. */
const dbOf = (s: EventStore) => s["db"] as Database.Database;
/** The page without `likely_split`, which the old queries' oracle leaves out (see loadEventsPageBefore). */
const withoutSplits = (page: EventsPageData) => ({ ...page, visitors: page.visitors.map(({ likely_split: _, ...v }) => v) });

const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
/**
 * The shapes of issue 29, small: rows that carry only a user_id, for users some browser
 * identified after the fact (the linking row is the user's newest, so a walk over the
 * user's rows finds it last).
 */
const SHAPES: Record<string, (n: number) => RowInput[]> = {
  "one identified user": (n) => [
    ...times(n - 2, (i): RowInput => ({ source: "server", user_id: "user_0", at: i })),
    { source: "browser", anonymous_id: "u_b0", at: n },
    { source: "browser", anonymous_id: "u_b0", user_id: "user_0", at: n + 1 },
  ],
  "one user on 40 browsers": (n) => [
    ...times(n - 80, (i): RowInput => ({ source: "server", user_id: "user_0", at: i })),
    ...times(40, (i): RowInput[] => [
      { source: "browser", anonymous_id: `u_b${i}`, at: n + 2 * i },
      { source: "browser", anonymous_id: `u_b${i}`, user_id: "user_0", at: n + 2 * i + 1 },
    ]).flat(),
  ],
  "many users, each identified once": (n) => [
    ...times(n / 2, (i): RowInput => ({ source: "server", user_id: `user_${i >> 1}`, at: i })),
    ...times(n / 4, (i): RowInput[] => [
      { source: "browser", anonymous_id: `u_b${i}`, at: n + 2 * i },
      { source: "browser", anonymous_id: `u_b${i}`, user_id: `user_${i}`, at: n + 2 * i + 1 },
    ]).flat(),
  ],
  "one browser carrying many user ids": (n) => [
    ...times(n / 2, (i): RowInput => ({ source: "server", user_id: `user_${i}`, at: i })),
    ...times(n / 2, (i): RowInput => ({ source: "browser", anonymous_id: "u_kiosk", user_id: `user_${i}`, at: n + i })),
  ],
};

describe("the events page's queries", () => {
  it("answer what the old queries answered, on the stitching-health fixture and on the issue's shapes", () => {
    // stitchingHealth.test.ts's first fixture, plus user-id-only rows that join or do not.
    const fixture: RowInput[] = [
      { source: "browser", anonymous_id: "u_healthy", at: 0 },
      { source: "server", anonymous_id: "u_healthy", at: 1 },
      { source: "server", anonymous_id: "u_near_stitched", at: 3 },
      { source: "browser", anonymous_id: "u_browser_half", at: 100 },
      { source: "server", anonymous_id: "u_server_half", at: 102 },
      { source: "server", anonymous_id: "u_backend", at: 1_000 },
      { source: "browser", anonymous_id: "u_reader", at: 5_000 },
      { source: "server", user_id: "user_9", at: 6_000 },
      { source: "server", at: 6_001 },
      { source: "server", user_id: "user_1", at: 6_002 },
      { source: "browser", anonymous_id: "u_healthy", user_id: "user_1", at: 6_003 },
      { source: "server", user_id: "user_1", at: 6_003 },
    ];
    const s = storeWith(fixture);
    const page = s.loadEventsPage();
    expect(page.stitching).toEqual({ serverEvents: 4, stitchedServerEvents: 1, serverOnlyVisitors: 3, browserOnlyVisitors: 2 });
    expect(page.unstitched.map((e) => e.user_id)).toEqual([null, "user_9"]);
    expect(page.visitors.find((v) => v.anonymous_id === "u_healthy")).toMatchObject({ user_ids: ["user_1"], total: 5 });
    expect(withoutSplits(page)).toEqual(loadEventsPageBefore(dbOf(s)));
    for (const [shape, rows] of Object.entries(SHAPES)) {
      for (const [visitors, perVisitor] of [[30, 100], [3, 5], [1, 1]] as const) {
        const s = storeWith(rows(400));
        expect(withoutSplits(s.loadEventsPage(visitors, perVisitor)), shape).toEqual(loadEventsPageBefore(dbOf(s), visitors, perVisitor));
      }
    }
  });

  it("answer what the old queries answered on any small database (fast-check)", () => {
    const row: fc.Arbitrary<RowInput> = fc.record(
      {
        source: fc.constantFrom("browser", "server"),
        anonymous_id: fc.constantFrom("u_a", "u_b", "u_c", "u_d", "u_e"),
        // Ids SQL and JSON could disagree on: NUL, quotes, backslashes, astral characters.
        user_id: fc.constantFrom("user_1", "user_2", "user_3", "user_4", "nul\u0000in", 'q"uo\\te', "🙂", "É"),
        // Few instants, so rows tie on time and the order falls back to arrival.
        at: fc.integer({ min: 0, max: 12 }),
      },
      { requiredKeys: ["source", "at"] },
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), (rows, visitors, perVisitor) => {
        const s = storeWith(rows);
        expect(withoutSplits(s.loadEventsPage(visitors, perVisitor))).toEqual(loadEventsPageBefore(dbOf(s), visitors, perVisitor));
      }),
      { numRuns: 1000 },
    );
  });

  it("read each user's rows once a page and never walk them per row (counted from the statements run and their query plans)", () => {
    for (const [shape, rows] of Object.entries(SHAPES)) {
      const s = storeWith(rows(2_000));
      // Every statement the page prepares, with how often it ran and its last parameters.
      const runs = new Map<string, { count: number; args: unknown[] }>();
      const db = dbOf(s);
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => {
        const st = prepare(sql);
        for (const method of ["all", "get", "iterate"] as const) {
          const run = st[method].bind(st) as (...args: unknown[]) => unknown;
          (st as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
            const r = runs.get(sql) ?? { count: 0, args };
            runs.set(sql, { count: r.count + 1, args });
            return run(...args);
          };
        }
        return st;
      }) as typeof db.prepare;
      const page = s.loadEventsPage();
      db.prepare = prepare;
      const visitors = page.visitors.length;
      // Users with more rows than a timeline shows: each may read its newest, up to the limit.
      const busyUsers = (db.prepare("SELECT COUNT(*) FROM (SELECT user_id FROM events WHERE aid_missing = 1 GROUP BY user_id HAVING COUNT(*) > 100)").pluck().get() as number);
      const executions = [...runs.values()].reduce((n, r) => n + r.count, 0);
      expect(executions, `${shape}: statements run`).toBeLessThanOrEqual(visitors + busyUsers + 10);
      for (const [sql, { count, args }] of runs) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
        const where = `${shape}: ${sql.replace(/\s+/g, " ")}\n${plan.join("\n")}`;
        // A subquery run once per outer row must find its answer in the index it seeks,
        // not read the rows it lands on (the old unstitched list walked a user's rows there).
        const correlated = plan.findIndex((d) => d.startsWith("CORRELATED"));
        if (correlated !== -1) expect(plan[correlated + 1], where).toMatch(/^SEARCH \w+ USING COVERING INDEX /);
        // A statement run per visitor or per user reads at most its LIMIT, in index order.
        if (count > 1) {
          expect(plan.join("\n"), where).not.toMatch(/TEMP B-TREE|^SCAN \w+$|SCAN \w+ USING/m);
        }
      }
    }
  });
});
