import { readFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lazyUserId, MillimetricClient } from "../src/index";
import { getContext, runWithContext } from "../src/context";
import { startStubIngest as startStub } from "@millimetric-internal/test-support/stubIngest";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const dist = (f: string) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("keys", () => {
  it("refuses a missing, malformed or read-only key with the fix", () => {
    const old = process.env.MILLIMETRIC_SECRET_KEY;
    delete process.env.MILLIMETRIC_SECRET_KEY;
    expect(() => new MillimetricClient()).toThrow(/set MILLIMETRIC_SECRET_KEY/);
    process.env.MILLIMETRIC_SECRET_KEY = old;
    expect(() => new MillimetricClient({ key: "hello" })).toThrow(/"key" must be a Millimetric key/);
    expect(() => new MillimetricClient({ key: "rk_test_abcdef12_x" })).toThrow(/read-only rk_ key/);
    expect(() => new MillimetricClient({ key: "ak_test_abcdef12_x" })).toThrow(/read-only ak_ key/);
  });
  it("warns once about a pk_ key", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    new MillimetricClient({ key: "pk_test_abcdef12_x" });
    new MillimetricClient({ key: "pk_test_abcdef12_x" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^\[millimetric\] a pk_ \(browser\) key/);
    warn.mockRestore();
  });
});

describe("request context", () => {
  it("fills anonymous_id and a lazily resolved user_id; explicit values win", async () => {
    const s = await startStub();
    close = s.close;
    const c = new MillimetricClient({ key: KEY, host: s.url, flushAt: 10 });
    const getUser = vi.fn(() => "user_7");
    runWithContext({ anonymous_id: "u_ctx", user_id: getUser }, () => {
      c.track({ event: "a" });
      c.track({ event: "b", anonymous_id: "u_explicit", user_id: "user_explicit" });
      c.identify({ user_id: "user_9" });
    });
    expect(getUser).toHaveBeenCalledTimes(1);
    c.track({ event: "outside" });
    await c.flush();
    expect(s.events.map(({ event, anonymous_id, user_id }) => ({ event, anonymous_id, user_id }))).toEqual([
      { event: "a", anonymous_id: "u_ctx", user_id: "user_7" },
      { event: "b", anonymous_id: "u_explicit", user_id: "user_explicit" },
      { event: "$identify", anonymous_id: "u_ctx", user_id: "user_9" },
      { event: "outside", anonymous_id: undefined, user_id: undefined },
    ]);
  });

  it("two concurrent scopes never see each other's ids", async () => {
    const s = await startStub();
    close = s.close;
    const c = new MillimetricClient({ key: KEY, host: s.url, flushAt: 1000, pacing: false });
    const sleep = () => new Promise((r) => setTimeout(r, Math.random() * 5));
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        runWithContext({ anonymous_id: `u_${i}` }, async () => {
          await sleep();
          c.track({ event: "step1", properties: { i } });
          await Promise.resolve().then(sleep);
          setImmediate(() => c.track({ event: "step2", properties: { i } }));
          await sleep();
          expect(getContext()?.anonymous_id).toBe(`u_${i}`);
        }),
      ),
    );
    await new Promise((r) => setImmediate(r));
    await c.flush();
    expect(s.events).toHaveLength(400);
    for (const e of s.events) expect(e.anonymous_id).toBe(`u_${(e.properties as { i: number }).i}`);
  });

  it("lazyUserId resolves once, keeps the first id, and survives a throwing resolver", () => {
    let calls = 0;
    let user: string | undefined;
    const resolve = lazyUserId(() => (calls++, user));
    expect(resolve()).toBeUndefined();
    user = "42";
    expect(resolve()).toBe("42");
    user = "43";
    expect(resolve()).toBe("42");
    expect(calls).toBe(2);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = lazyUserId(() => {
      throw new Error("db down");
    });
    expect(broken()).toBeUndefined();
    expect(broken()).toBeUndefined();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^\[millimetric\] getUserId threw \(Error: db down\)/);
    expect(lazyUserId(() => 7)()).toBe("7");
    log.mockRestore();
  });

  it("nested scopes inherit what they do not set", () => {
    runWithContext({ anonymous_id: "u_outer" }, () =>
      runWithContext({ user_id: "42" }, () => expect(getContext()).toEqual({ anonymous_id: "u_outer", user_id: "42" })),
    );
    expect(getContext()).toBeUndefined();
  });

  it("identify without any anonymous id says how to fix it", () => {
    const c = new MillimetricClient({ key: KEY, host: "http://127.0.0.1:9", disabled: true }); // validates, sends nothing
    expect(() => c.identify({ user_id: "1" })).toThrow(/"anonymous_id" is required/);
  });
});

describe("process lifetime (built package)", () => {
  const script = (body: string) => `import { MillimetricClient } from ${JSON.stringify(dist("index.js"))};\n${body}`;
  // A child that hangs is killed after this long (so a hang fails on the exit code, not on wall time).
  const HANG_MS = 30_000;
  const run = (code: string) => spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: HANG_MS });
  // spawn, not spawnSync, whenever the stub lives in this process and must keep answering.
  async function runAsync(code: string): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { timeout: HANG_MS });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const exit = await new Promise<number | null>((r) => child.on("exit", r));
    return { code: exit, out: out.trim() };
  }

  it("exits on its own after await flush(), with the event delivered; flush's deadline timer does not hold it either", async () => {
    const s = await startStub();
    close = s.close;
    const child = await runAsync(
      script(`const c = new MillimetricClient({ key: ${JSON.stringify(KEY)}, host: ${JSON.stringify(s.url)}, flushAt: 50, flushIntervalMs: 60000 });
c.track({ event: "from_child" }); await c.flush(); c.track({ event: "with_deadline" }); await c.flush({ timeoutMs: 600000 }); console.log("flushed");`),
    );
    expect(child).toEqual({ code: 0, out: "flushed" });
    expect(s.events.map((e) => e.event)).toEqual(["from_child", "with_deadline"]);
  });

  it("shutdown({ timeoutMs }) against a server that never answers: settles, reports, and the process exits on its own", async () => {
    const s = await startStub(() => "handled");
    close = s.close;
    // A deadline long enough for a loaded machine to have sent the request before it
    // passes (300 ms was not, once): the server never answers, so it always passes.
    const child = await runAsync(
      script(`const c = new MillimetricClient({ key: ${JSON.stringify(KEY)}, host: ${JSON.stringify(s.url)}, onError: (e) => console.log("onError", e.code, e.count) });
c.track({ event: "never_acked" }); await c.shutdown({ timeoutMs: 3000 }).catch((e) => console.log("rejected", e.code, e.count));`),
    );
    expect(child).toEqual({ code: 0, out: "onError shutdown 1\nrejected shutdown 1" });
    expect(s.requests).toHaveLength(1);
  });

  it("does not hang without flush(): the timer is unref'd", () => {
    const r = run(
      script(`const c = new MillimetricClient({ key: ${JSON.stringify(KEY)}, host: "http://127.0.0.1:9", flushAt: 50, flushIntervalMs: 60000 });
c.track({ event: "pending" }); console.log(c.stats.queued);`),
    );
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe("1");
  });
});

describe("packaging", () => {
  it("the main entry imports no node:* builtin (edge runtimes); ./context uses AsyncLocalStorage", () => {
    for (const f of ["index.js", "index.cjs"]) {
      const code = readFileSync(dist(f), "utf8");
      expect(code).not.toMatch(/from\s+['"]node:|require\(['"]node:|from\s+['"](async_hooks|http|https|crypto|fs)['"]/);
    }
    expect(readFileSync(dist("context.js"), "utf8")).toMatch(/from 'node:async_hooks'/);
  });
  it("has no third-party runtime dependency: only @millimetric/core, at its own version", () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({ "@millimetric/core": pkg.version });
  });
});
