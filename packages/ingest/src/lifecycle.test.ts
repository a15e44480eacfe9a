import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { MillimetricError } from "@millimetric/core";
import { afterAll, describe, expect, it } from "vitest";
import { startIngest } from "./index";
import { resolveScriptPath } from "./reads/resolveScriptPath";
import { expectError, KEYS, startTestIngest } from "../test/startTestIngest";

const dir = mkdtempSync(join(tmpdir(), "mm-ingest-life-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { port: 0, host: "127.0.0.1", env: {}, onError: (e: unknown) => expect.fail(String(e)) };

describe("keys", () => {
  it("generates pk_/sk_/rk_ keys on first start and keeps them across restarts", async () => {
    const dbPath = join(dir, "nested", "keys.sqlite");
    const first = await startIngest({ ...quiet, dbPath });
    expect(first.keys.publishable).toMatch(/^pk_test_[0-9a-f]{8}_[0-9a-f]{32}$/);
    expect(first.keys.secret).toMatch(/^sk_test_[0-9a-f]{8}_[0-9a-f]{32}$/);
    expect(first.keys.read).toMatch(/^rk_test_[0-9a-f]{8}_[0-9a-f]{32}$/);
    expect(first.dbPath).toBe(dbPath);
    await first.close();
    const second = await startIngest({ ...quiet, dbPath });
    expect(second.keys).toEqual(first.keys);
    const res = await fetch(`${second.url}/v1/track`, {
      method: "POST",
      headers: { authorization: `Bearer ${first.keys.secret}` },
      body: '{"event":"after_restart"}',
    });
    expect(res.status).toBe(202);
    await second.close();
  });

  it("lets options and env vars fix the keys (options win), and only those keys work", async () => {
    const dbPath = join(dir, "fixed.sqlite");
    const env = { MILLIMETRIC_SECRET_KEY: "sk_test_aaaaaaaa_fromenvfromenvfromenvfromenv", MILLIMETRIC_READ_KEY: KEYS.read };
    const ingest = await startIngest({ ...quiet, dbPath, env, keys: { read: "rk_test_bbbbbbbb_fromoptionsfromoptionsfromop" } });
    expect(ingest.keys.secret).toBe(env.MILLIMETRIC_SECRET_KEY);
    expect(ingest.keys.read).toBe("rk_test_bbbbbbbb_fromoptionsfromoptionsfromop");
    const status = async (key: string) =>
      (await fetch(`${ingest.url}/v1/query`, { headers: { authorization: `Bearer ${key}` } })).status;
    expect(await status(ingest.keys.read)).toBe(200);
    expect(await status(KEYS.read)).toBe(401);
    await ingest.close();
  });

  it("refuses a key of the wrong shape or kind, naming where it came from", async () => {
    const dbPath = join(dir, "bad.sqlite");
    const fromOption = startIngest({ ...quiet, dbPath, keys: { publishable: KEYS.secret } });
    await expect(fromOption).rejects.toThrow(
      /options\.keys\.publishable must be a pk_ key/,
    );
    await expect(fromOption).rejects.toSatisfy((err) => err instanceof MillimetricError && err instanceof TypeError && err.code === "invalid_key");
    const fromEnv = startIngest({ ...quiet, dbPath, env: { MILLIMETRIC_READ_KEY: "rk_nope" } });
    await expect(fromEnv).rejects.toThrow(
      /MILLIMETRIC_READ_KEY must be a rk_ key/,
    );
    await expect(fromEnv).rejects.toSatisfy((err) => err instanceof MillimetricError && err.code === "invalid_key");
  });
});

describe("listening", () => {
  it("refuses a port that is not one, naming the option or env var it came from", async () => {
    const fromOption = startIngest({ ...quiet, port: 65536, dbPath: join(dir, "bad-port.sqlite") });
    await expect(fromOption).rejects.toThrow(/^\[millimetric\] port must be a port number 0–65535, 0 for a free one \(got 65536\)$/);
    await expect(fromOption).rejects.toSatisfy((err) => err instanceof MillimetricError && err instanceof TypeError && err.code === "invalid_config");
    const fromEnv = startIngest({ ...quiet, port: undefined, env: { MILLIMETRIC_INGEST_PORT: "80a" }, dbPath: join(dir, "bad-port.sqlite") });
    await expect(fromEnv).rejects.toThrow(/^\[millimetric\] MILLIMETRIC_INGEST_PORT must be a port number 0–65535, 0 for a free one \(got "80a"\)$/);
    await expect(fromEnv).rejects.toSatisfy((err) => err instanceof MillimetricError && err.code === "invalid_config");
  });

  it("reads port, host and database from env vars", async () => {
    const probe = await startIngest({ ...quiet, dbPath: join(dir, "probe.sqlite") });
    const port = new URL(probe.url).port;
    await probe.close();
    const dbPath = join(dir, "env.sqlite");
    const ingest = await startIngest({
      onError: quiet.onError,
      env: { MILLIMETRIC_INGEST_PORT: port, MILLIMETRIC_INGEST_HOST: "127.0.0.1", MILLIMETRIC_INGEST_DB: dbPath },
    });
    expect(ingest.url).toBe(`http://127.0.0.1:${port}`);
    expect(ingest.dbPath).toBe(dbPath);
    expect(existsSync(dbPath)).toBe(true);
    // the port is taken now: a second server says so and what to do
    const clash = startIngest({ ...quiet, port: Number(port), dbPath: join(dir, "clash.sqlite") });
    await expect(clash).rejects.toThrow(
      /already in use.*MILLIMETRIC_INGEST_PORT/,
    );
    await expect(clash).rejects.toSatisfy(
      (err) => err instanceof MillimetricError && err.code === "invalid_config" && (err.cause as NodeJS.ErrnoException).code === "EADDRINUSE",
    );
    await ingest.close();
  });
});

describe("the database", () => {
  it('keeps dbPath ":memory:" in memory: events are written and queried, no file appears in the working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), "mm-ingest-memory-"));
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      for (const options of [{ dbPath: ":memory:" }, { env: { MILLIMETRIC_INGEST_DB: ":memory:" } }]) {
        const ingest = await startIngest({ ...quiet, keys: KEYS, ...options });
        try {
          expect(ingest.dbPath).toBe(":memory:");
          const res = await fetch(`${ingest.url}/v1/batch`, {
            method: "POST",
            headers: { authorization: `Bearer ${KEYS.secret}`, "content-type": "application/json" },
            body: JSON.stringify({ events: [{ event: "in_memory", event_id: "m_1" }, { event: "in_memory", event_id: "m_2" }, { event: "in_memory", event_id: "m_1" }] }),
          });
          expect(res.status).toBe(202);
          const rows = await fetch(`${ingest.url}/v1/query?event=in_memory`, { headers: { authorization: `Bearer ${KEYS.read}` } });
          expect(((await rows.json()) as { events: { event_id: string }[] }).events.map((e) => e.event_id).sort()).toEqual(["m_1", "m_2"]);
        } finally {
          await ingest.close();
        }
        expect(readdirSync(cwd)).toEqual([]);
      }
    } finally {
      process.chdir(previous);
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("upgrades a database whose event_id index is global (0.1.0): a server event is no longer hidden by a browser one", async () => {
    const dbPath = join(dir, "upgrade.sqlite");
    const first = await startIngest({ ...quiet, keys: KEYS, dbPath });
    await first.close();
    // The index as 0.1.0 created it, and a browser row claiming an order's id.
    const db = new Database(dbPath);
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql LIKE 'CREATE UNIQUE INDEX%'").all() as { name: string }[]) {
      db.exec(`DROP INDEX "${name}"`);
    }
    db.exec("CREATE UNIQUE INDEX events_event_id ON events (event_id)");
    db.prepare("INSERT INTO events (event, event_id, timestamp, ts_ms, user_id, source, received_at) VALUES ('completed_checkout', 'order_7', '2026-01-01T00:00:00.000Z', 1767225600000, 'forger', 'browser', '2026-01-01T00:00:00.000Z')").run();
    db.close();
    const second = await startIngest({ ...quiet, keys: KEYS, dbPath });
    try {
      const track = () =>
        fetch(`${second.url}/v1/track`, {
          method: "POST",
          headers: { authorization: `Bearer ${KEYS.secret}` },
          body: JSON.stringify({ event: "completed_checkout", event_id: "order_7", user_id: "buyer_7" }),
        });
      expect((await track()).status).toBe(202);
      expect((await track()).status).toBe(202);
      const rows = await fetch(`${second.url}/v1/query?event=completed_checkout`, { headers: { authorization: `Bearer ${KEYS.read}` } });
      const events = ((await rows.json()) as { events: { user_id: string; source: string }[] }).events;
      expect(events.map((e) => `${e.source}:${e.user_id}`).sort()).toEqual(["browser:forger", "server:buyer_7"]);
    } finally {
      await second.close();
    }
  });

  it("upgrades 0.1.0's visitor index (no source column) and reads the rows stored before on the events page", async () => {
    const dbPath = join(dir, "upgrade-visitor.sqlite");
    const first = await startIngest({ ...quiet, keys: KEYS, dbPath });
    await first.close();
    const db = new Database(dbPath);
    db.exec("DROP INDEX events_visitor; CREATE INDEX events_anonymous_id ON events (anonymous_id, aid_missing, ts_ms)");
    const insert = db.prepare("INSERT INTO events (event, timestamp, ts_ms, anonymous_id, source, received_at) VALUES (?, '2026-01-01T00:00:00.000Z', 1767225600000, 'u_old', ?, '2026-01-01T00:00:00.000Z')");
    insert.run("$pageview", "browser");
    insert.run("signup", "server");
    db.close();
    const second = await startIngest({ ...quiet, keys: KEYS, dbPath });
    try {
      const html = await (await fetch(second.url + "/?partial=1")).text();
      expect(html.replace(/<[^>]+>/g, "")).toContain("100% of server events share their anonymous_id with browser events (1 of 1)");
    } finally {
      await second.close();
    }
    const after = new Database(dbPath, { readonly: true });
    const indexes = (after.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").all() as { name: string; sql: string }[]).map((i) => i.name);
    after.close();
    expect(indexes).toContain("events_visitor");
    expect(indexes).not.toContain("events_anonymous_id");
  });
});

describe("slow clients and shutdown", () => {
  it("cuts a body that does not arrive within requestTimeoutMs, and keeps serving", async () => {
    const t = await startTestIngest({ requestTimeoutMs: 400 });
    try {
      const { port } = new URL(t.url);
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.write(
            `POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${KEYS.secret}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"event":`,
          );
        });
        let data = "";
        socket.on("data", (c) => (data += c));
        socket.on("close", () => resolve(data));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(5000);
      await t.expectAlive();
    } finally {
      await t.close();
    }
  });

  it("lets in-flight requests finish on close(), then closes the database", async () => {
    const t = await startTestIngest();
    const { port } = new URL(t.url);
    const body = JSON.stringify({ event: "in_flight", anonymous_id: "u_flight", event_id: "flight_1" });
    let flush: () => void = () => {};
    const response = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = request({
        port: Number(port),
        host: "127.0.0.1",
        path: "/v1/track",
        method: "POST",
        headers: { authorization: `Bearer ${KEYS.secret}`, "content-length": Buffer.byteLength(body) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: text, connection: res.headers.connection }));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      req.flushHeaders();
      flush = () => req.end(body.slice(10));
    });
    await new Promise((r) => setTimeout(r, 100)); // the request is in the server now
    let closed = false;
    const closing = t.ingest.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false); // waiting for the in-flight request
    flush();
    expect(await response).toEqual({ status: 202, body: '{"ok":true,"event_id":"flight_1"}', connection: "close" });
    await closing;
    expect(closed).toBe(true);
    await expect(fetch(`${t.url}/v1/track`)).rejects.toThrow();
    // the row was committed: a new server on the same database sees it
    const again = await startIngest({ ...quiet, keys: KEYS, dbPath: join(t.dir, "ingest.sqlite") });
    const rows = await fetch(`${again.url}/v1/query?event=in_flight`, { headers: { authorization: `Bearer ${KEYS.read}` } });
    expect(((await rows.json()) as { events: unknown[] }).events).toHaveLength(1);
    await again.close();
    await t.close();
  });
});

describe("GET /v1/a.js", () => {
  it("serves the script-tag build as JavaScript", async () => {
    const scriptPath = join(dir, "a.js");
    writeFileSync(scriptPath, "window.mm={loaded:true};");
    const t = await startTestIngest({ scriptPath });
    try {
      const res = await t.call("/v1/a.js", { key: null });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(await res.text()).toBe("window.mm={loaded:true};");
    } finally {
      await t.close();
    }
  });

  it("defaults to @millimetric/track's dist/a.js (its ./a.js export)", () => {
    const pkg = createRequire(import.meta.url).resolve("@millimetric/track/package.json");
    expect(resolveScriptPath()).toBe(join(dirname(pkg), "dist", "a.js"));
  });

  it("answers 503 with what to do when the SDK is not built", async () => {
    const t = await startTestIngest({ scriptPath: join(dir, "missing", "a.js") });
    try {
      const body = await expectError(await t.call("/v1/a.js", { key: null }), 503, "script_unavailable");
      expect(body.details.message).toMatch(/npm run build -w @millimetric\/track/);
      await t.expectAlive();
    } finally {
      await t.close();
    }
  });
});

describe("the millimetric-ingest bin", () => {
  it("starts from env vars, prints the keys, serves, and stops cleanly on SIGTERM", async () => {
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    expect(existsSync(cli), "build first: npx tsup").toBe(true);
    const child = spawn(process.execPath, [cli, "--port", "0", "--allowed-host", "devbox.lan", "--allowed-host", "ci-runner:8787"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        MILLIMETRIC_INGEST_DB: join(dir, "bin.sqlite"),
        MILLIMETRIC_PUBLISHABLE_KEY: KEYS.publishable,
        MILLIMETRIC_SECRET_KEY: KEYS.secret,
        MILLIMETRIC_READ_KEY: KEYS.read,
      },
    });
    let out = "";
    child.stderr.on("data", (c) => (out += c));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c) => {
        out += c;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m && out.includes("read key")) resolve(m[1]!);
      });
      child.on("exit", () => reject(new Error(out)));
    });
    expect(out).toContain(KEYS.publishable);
    expect(out).toContain(KEYS.secret);
    expect(out).toContain(KEYS.read);
    const res = await fetch(`${url}/v1/track`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEYS.secret}` },
      body: '{"event":"from_bin"}',
    });
    expect(res.status).toBe(202);
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(url);
        request({ host: hostname, port: Number(port), path: "/?partial=1", setHost: false, headers: { host } }, (r) => {
          r.resume();
          resolve(r.statusCode!);
        })
          .on("error", reject)
          .end();
      });
    expect(await statusFor("devbox.lan")).toBe(200);
    expect(await statusFor("ci-runner:8787")).toBe(200);
    expect(await statusFor("attacker.example")).toBe(421);
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(out).toMatch(/SIGTERM: finishing in-flight requests/);
  });
});
