import { networkInterfaces } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIngest } from "./index";
import { KEYS, ORIGIN, startTestIngest, type TestIngest } from "../test/startTestIngest";

let t: TestIngest;
beforeAll(async () => {
  t = await startTestIngest({ rateLimits: false });
});
afterAll(async () => {
  await t.close();
});

/** A browser batch of one event, with extra headers. */
const browserBatch = (url: string, anonymousId: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEYS.publishable}`, origin: ORIGIN, "content-type": "application/json", ...headers },
    body: JSON.stringify({ events: [{ event: "$pageview", anonymous_id: anonymousId }] }),
  });

describe("the visitor's IP on browser events", () => {
  it("from a loopback peer (a relay beside the ingest), is the last X-Forwarded-For entry: the one that peer appended", async () => {
    const res = await browserBatch(t.url, "u_ip_relay", { "x-forwarded-for": "198.51.100.66, 203.0.113.9", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36" });
    expect(res.status).toBe(202);
    const [row] = await t.query({ anonymous_id: "u_ip_relay" });
    expect(row).toMatchObject({ ip: "203.0.113.9", source: "browser" });
    // The events page shows it beside the device facts the User-Agent gave.
    const html = await (await fetch(`${t.url}/?partial=1`)).text();
    const card = html.slice(html.indexOf('data-anonymous-id="u_ip_relay"'));
    expect(card.slice(0, card.indexOf("</header>"))).toMatch(/Chrome · Linux · desktop<\/span><span class="ip">ip 203\.0\.113\.9<\/span>/);
  });

  it("without X-Forwarded-For, or with an entry that is not an address, is the connecting address", async () => {
    expect((await browserBatch(t.url, "u_ip_direct")).status).toBe(202);
    expect((await browserBatch(t.url, "u_ip_bogus", { "x-forwarded-for": "1.2.3.4, <script>" })).status).toBe(202);
    expect((await t.query({ anonymous_id: "u_ip_direct" }))[0]).toMatchObject({ ip: "127.0.0.1" });
    expect((await t.query({ anonymous_id: "u_ip_bogus" }))[0]).toMatchObject({ ip: "127.0.0.1" });
  });

  it("is not recorded for server (sk_) events: the server's address is not the visitor's", async () => {
    const res = await t.call("/v1/track", { body: { event: "signup", anonymous_id: "u_ip_server" }, headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(res.status).toBe(202);
    expect((await t.query({ anonymous_id: "u_ip_server" }))[0]).toMatchObject({ ip: null });
  });

  // The machine's own non-loopback address: a peer that is not this machine's loopback.
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
  it("from a peer that is not loopback, ignores X-Forwarded-For (anyone can send it)", async () => {
    expect(lan, "this test needs a non-loopback IPv4 interface").toBeDefined();
    const open = await startTestIngest({ rateLimits: false, host: "0.0.0.0", allowedHosts: [lan!] });
    try {
      const url = `http://${lan}:${new URL(open.url).port}`;
      expect((await browserBatch(url, "u_ip_lan", { "x-forwarded-for": "203.0.113.9" })).status).toBe(202);
      const rows = await fetch(`${url}/v1/query?anonymous_id=u_ip_lan`, { headers: { authorization: `Bearer ${KEYS.read}` } });
      expect(((await rows.json()) as { events: unknown[] }).events).toMatchObject([{ ip: lan }]);
    } finally {
      await open.close();
    }
  });
});

describe("a database from before the ip column", () => {
  it("gets the column on start; its old rows read ip null, new ones have it", async () => {
    const dbPath = join(t.dir, "before-ip.sqlite");
    const quiet = { port: 0, host: "127.0.0.1", env: {}, keys: KEYS, dbPath };
    await (await startIngest(quiet)).close();
    const db = new Database(dbPath);
    db.exec("ALTER TABLE events DROP COLUMN ip");
    db.prepare(
      "INSERT INTO events (event, timestamp, ts_ms, anonymous_id, source, received_at) VALUES ('$pageview', '2026-01-01T00:00:00.000Z', 1767225600000, 'u_old_ip', 'browser', '2026-01-01T00:00:00.000Z')",
    ).run();
    db.close();
    const second = await startIngest(quiet);
    try {
      expect((await browserBatch(second.url, "u_new_ip")).status).toBe(202);
      const read = async (aid: string) =>
        ((await (await fetch(`${second.url}/v1/query?anonymous_id=${aid}`, { headers: { authorization: `Bearer ${KEYS.read}` } })).json()) as {
          events: { ip: string | null }[];
        }).events;
      expect(await read("u_old_ip")).toMatchObject([{ ip: null }]);
      expect(await read("u_new_ip")).toMatchObject([{ ip: "127.0.0.1" }]);
    } finally {
      await second.close();
    }
  });
});
