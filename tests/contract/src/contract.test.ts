// The visitor contract: one table, one expectation per row, every adapter a column.
// Rows: src/rows.ts (the spec's 20 rows as data). Columns: src/columns.ts (one app per
// adapter, over real HTTP on 127.0.0.1, server events to a recording ingest stub).
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { startStubIngest, type Received } from "@millimetric-internal/test-support/stubIngest";
import { startBrowserHost, type RunningApp } from "./apps";
import { columns, stopNext, type Column } from "./columns";
import { pool, send } from "./http";
import { setCookieValue, type BrowserObserved, type ConcurrencyObserved, type HttpObserved, type LateObserved } from "./observed";
import { SAME_ORIGIN_FETCH, rows, type BrowserRow, type ConcurrencyRow, type CreateRow, type HttpRow, type Row, type Variant } from "./rows";

const MARKER = "x-contract-req";
/** Waits for effects (an SDK settling, events arriving) with room for a loaded 2-core machine; nothing asserts on time. */
const SETTLE_MS = 20_000;

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let browserHost: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Promise<Browser> | undefined;
const results: { column: string; row: number; state: string; error?: string; note?: string }[] = [];

beforeAll(async () => {
  [ingest, browserHost] = await Promise.all([startStubIngest(), startBrowserHost()]);
});

afterAll(async () => {
  await (await browser?.catch(() => undefined))?.close();
  await stopNext();
  await Promise.all([ingest?.close(), browserHost?.close()]);
  writeReport();
}, 120_000);

describe.each(columns)("$name", (column) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await column.start({ ingestUrl: ingest.url, browserHost: browserHost.url });
  }, 900_000);
  afterAll(async () => {
    await app?.stop();
  }, 60_000);

  it.each(rows)("row $id: $request", async (row) => {
    const reason = column.notApplicable?.[row.id];
    onTestFinished(({ task }) => {
      const error = task.result?.errors?.[0]?.message;
      results.push({ column: column.name, row: row.id, state: reason ? "n/a" : (task.result?.state ?? "?"), error, note: reason ?? column.caveats?.[row.id] });
    });
    if (reason) {
      // Documented in the table: the column says why it cannot express the row.
      expect(reason.trim().length, "a not-applicable row must say why").toBeGreaterThan(20);
      return;
    }
    await runRow(column, app, row);
  });
});

async function runRow(column: Column, app: RunningApp, row: Row): Promise<void> {
  switch (row.kind) {
    case "http":
      return eachVariant(row.variants, async (v, i) => row.expect(await observeHttp(column, app, row, v, i), v));
    case "create":
      return eachVariant(row.variants, async (v) => {
        const creators = await column.creators();
        const refusals: { via: string; message: string | undefined }[] = [];
        for (const [via, create] of Object.entries(creators)) {
          try {
            await create(v.cookie);
            refusals.push({ via, message: undefined });
          } catch (err) {
            refusals.push({ via, message: String((err as Error)?.message ?? err) });
          }
        }
        (row as CreateRow).expect({ variant: v.name, option: v.option, refusals });
      });
    case "browser":
      return row.expect(debug(row, await observeBrowser(column, app, row)));
    case "late":
      return row.expect(debug(row, await observeLate(column, app)));
    case "concurrency":
      return row.expect(debug(row, await observeConcurrency(column, app, row)));
  }
}

/** CONTRACT_DEBUG=1 prints what the scenario rows observed. */
function debug<T>(row: Row, observed: T): T {
  if (process.env.CONTRACT_DEBUG) console.log(`row ${row.id} observed:`, JSON.stringify(observed, null, 1).slice(0, 4000));
  return observed;
}

/** Runs every variant (each its own request), then fails with all variants that failed. */
async function eachVariant<V extends { name: string }>(variants: V[], run: (v: V, i: number) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  for (const [i, v] of variants.entries()) {
    try {
      await run(v, i);
    } catch (err) {
      failures.push(`[${v.name}] ${(err as Error)?.message ?? err}`);
    }
  }
  if (failures.length) throw new Error(`${failures.length} of ${variants.length} variant(s) failed:\n${failures.join("\n\n")}`);
}

const routeMethod = (route: string) => (["api", "webhook", "release", "flush"].includes(route) ? "POST" : "GET");
const newMarker = (column: Column, label: string) => `${column.key}-${label}-${randomUUID().slice(0, 8)}`;

/** Asks the app to deliver what it queued (the handlers already flush before answering); returns its status. */
async function flushApp(column: Column, app: RunningApp): Promise<number> {
  const res = await send(app.url + column.paths.flush, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  return res.status;
}

async function observeHttp(column: Column, app: RunningApp, row: HttpRow, v: Variant, i: number): Promise<HttpObserved> {
  const marker = newMarker(column, `r${row.id}v${i}`);
  const before = ingest.events.length;
  const { route } = v.request;
  const method = v.request.method ?? routeMethod(route);
  const headers: Record<string, string> = { ...v.request.headers, [MARKER]: marker };
  if (v.request.cookie !== undefined) headers.cookie = v.request.cookie;
  let body: string | undefined;
  if (method === "POST") {
    headers["content-type"] ??= "application/json";
    body = route === "webhook" ? '{"type":"checkout.session.completed"}' : "{}";
  }
  const res = await send(app.url + column.paths[route], { method, headers, body });
  const flushStatus = await flushApp(column, app);
  const received = ingest.events.slice(before);
  return {
    variant: v.name,
    status: res.status,
    setCookies: res.setCookies,
    headers: res.headers,
    body: res.body,
    events: received.filter((e) => markerOf(e) === marker),
    received,
    flushStatus,
  };
}

function markerOf(e: Received): unknown {
  return (e.properties as Record<string, unknown> | undefined)?.req;
}

async function until(check: () => Promise<boolean>, ms = SETTLE_MS): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await check().catch(() => false)) return;
  }
}

function launch(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  return browser;
}

/**
 * Rows 13 and 14 in real Chromium: a fresh visitor lands on the column's static page (no
 * script of the adapter's, only the browser SDK); for row 14 the cookies are then cleared,
 * localStorage kept, and it lands again. Then it opens the rendered page and calls the API
 * from it, and the server events of those two requests are read.
 */
async function observeBrowser(column: Column, app: RunningApp, row: BrowserRow): Promise<BrowserObserved> {
  const context = await (await launch()).newContext();
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
    page.on("pageerror", (e) => problems.push(String(e)));
    const stored = () => page.evaluate(() => localStorage.getItem("mm_aid"));
    const cookie = async () => (await context.cookies(app.url)).find((c) => c.name === "aid")?.value;
    const landings: BrowserObserved["landings"] = [];
    const land = async () => {
      const res = await page.goto(app.url + column.paths.static);
      expect(res?.status(), `GET ${column.paths.static}`).toBe(200);
      const lines = (await res!.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").flatMap((h) => h.value.split("\n"));
      landings.push({ aid: setCookieValue(lines, "aid"), mmMinted: setCookieValue(lines, "mm_minted") });
      await page.locator("#ready").waitFor();
    };

    await land();
    // The SDK has settled once it stored an id and the cookie holds it (or the wait ran out: the expectation says what it saw).
    await until(async () => {
      const s = await stored();
      return s !== null && s === (await cookie());
    });
    let before: string | null | undefined;
    if (row.scenario === "cleared") {
      before = await stored();
      await context.clearCookies();
      await land();
      await until(async () => (await cookie()) === before);
    }
    const result = { landings, stored: await stored(), cookie: await cookie(), before };

    // Later requests of the same visitor: a navigation to the rendered page, and a fetch from it.
    const marker = newMarker(column, `r${row.id}`);
    await context.setExtraHTTPHeaders({ [MARKER]: marker });
    await page.goto(app.url + column.paths.page);
    await page.locator("#ready").waitFor();
    await page.evaluate((path) => fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).then((r) => r.status), column.paths.api);
    await flushApp(column, app);
    const later = ingest.events.filter((e) => markerOf(e) === marker);
    return { ...result, later, problems };
  } finally {
    await context.close();
  }
}

/**
 * Row 19: visitor A's request schedules work behind a gate and is answered; visitor R's
 * request opens the gate once A's response has finished, and is answered when the work is
 * done. The work tracks three events with no ids of its own.
 */
async function observeLate(column: Column, app: RunningApp): Promise<LateObserved> {
  const marker = newMarker(column, "r19");
  const scheduledBy = `u_late_scheduled_${column.key}`;
  const releasedBy = `u_late_releaser_${column.key}`;
  const { "content-type": _, ...fetchHeaders } = SAME_ORIGIN_FETCH;
  const scheduled = await send(app.url + column.paths.late, { headers: { ...fetchHeaders, cookie: `aid=${scheduledBy}`, [MARKER]: marker } });
  expect(scheduled.status, `GET ${column.paths.late}`).toBe(200);
  const offset = app.output().length;
  const released = await send(app.url + column.paths.release, {
    method: "POST",
    headers: { ...SAME_ORIGIN_FETCH, cookie: `aid=${releasedBy}`, [MARKER]: marker },
    body: "{}",
  });
  expect(released.status, `POST ${column.paths.release}`).toBe(200);
  await until(async () => app.output().includes(`late done ${marker}`));
  await flushApp(column, app);
  const output = app.output().slice(offset);
  return {
    scheduledBy,
    releasedBy,
    late: ingest.events.filter((e) => markerOf(e) === marker && e.event === "late"),
    diagnostics: output.split("\n").filter((line) => line.includes("[millimetric]")),
    mode: column.mode,
  };
}

/** Row 20: N requests, each with its own id in its cookie, through a handler that awaits timers and promises between two events. */
async function observeConcurrency(column: Column, app: RunningApp, row: ConcurrencyRow): Promise<ConcurrencyObserved> {
  const marker = newMarker(column, "r20");
  const agent = new Agent({ keepAlive: true, maxSockets: row.concurrency });
  const before = ingest.events.length;
  try {
    const statuses = await pool(row.requests, row.concurrency, (i) => {
      const id = `u_w_${column.key}_${i}`;
      return send(app.url + column.paths.work, { headers: { accept: "*/*", cookie: `aid=${id}`, "x-expect": id, [MARKER]: marker }, agent }).then(
        (r) => r.status,
        () => 0,
      );
    });
    await flushApp(column, app);
    const mine = () => ingest.events.slice(before).filter((e) => markerOf(e) === marker);
    const expected = row.requests * 2;
    await until(async () => mine().length >= expected, 120_000);
    const events = mine();
    return {
      requests: row.requests,
      failed: statuses.filter((s) => s !== 200).length,
      expected,
      received: events.length,
      misattributed: events
        .filter((e) => e.anonymous_id !== (e.properties as Record<string, unknown>).expect)
        .map((e) => ({ expect: (e.properties as Record<string, unknown>).expect, got: e.anonymous_id })),
    };
  } finally {
    agent.destroy();
  }
}

/** test-artifacts/contract-table.md: every column's outcome per row (also printed). */
function writeReport(): void {
  if (!results.length) return;
  const names = columns.map((c) => c.name).filter((n) => results.some((r) => r.column === n));
  const cell = (column: string, row: number) => {
    const r = results.find((x) => x.column === column && x.row === row);
    return !r ? "" : r.state === "pass" ? (r.note ? "pass*" : "pass") : r.state === "fail" ? "FAIL" : r.state;
  };
  const lines = [
    "# Visitor contract: rows × adapters",
    "",
    `| # | request | ${names.join(" | ")} |`,
    `|---|---|${names.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.id} | ${row.request.replace(/\|/g, "\\|")} | ${names.map((n) => cell(n, row.id)).join(" | ")} |`),
    "",
    "`pass*`: passes with a caveat, `n/a`: the column says why it cannot express the row (below).",
    "",
    ...results.filter((r) => r.note).map((r) => `- ${r.column}, row ${r.row} (${r.state}): ${r.note}`),
    "",
    "## Failures",
    "",
    ...results.filter((r) => r.state === "fail").map((r) => `### ${r.column}, row ${r.row}\n\n\`\`\`\n${r.error ?? ""}\n\`\`\`\n`),
  ];
  const dir = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(dir + "contract-table.md", lines.join("\n"));
  console.log(lines.slice(0, rows.length + 6).join("\n"));
}
