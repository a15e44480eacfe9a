// Errors a user can act on: everything the packages throw is a MillimetricError (or a
// documented subclass) with a code from MillimetricErrorCode, and core's README has one
// table saying, for every code, when it happens, what the user sees and what to do.
//
// Three checks: the built files (what users run) throw no other class; the table and the
// code union list the same codes; and the table's example messages are what the public
// API prints, produced here against the real ingest server.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { repoRoot } from "@millimetric-internal/test-support/packedApp";
import { MillimetricError } from "@millimetric/core";
import { millimetric, track as expressTrack } from "@millimetric/express";
import { startIngest, type IngestServer } from "@millimetric/ingest";
import { MillimetricClient } from "@millimetric/track-node";
import { declaredErrorCodes, errorCodeTable } from "./errorCodeTable";
import { distFiles, thrownConstructors, type ThrownConstructor } from "./thrownConstructors";

/** What every throw constructs: core's two classes and ingest's subclass of the first. */
const ALLOWED = ["MillimetricError", "MillimetricTypeError"];
/** ingest's error answers: `class HttpError extends MillimetricError`, checked below. */
const HTTP_ERROR = { name: "HttpError", files: /^packages\/ingest\/dist\// };
const BUILTIN_ERRORS = /^(Error|TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|AggregateError|DOMException)$/;

/**
 * Throws of anything else, each with why it is not a MillimetricError. Every entry must
 * still match something (a stale one fails) and its `holds` check proves the reason.
 */
const ALLOW_LIST: { name: string; files: RegExp; text: string; reason: string; holds: (file: string, offset: number) => boolean }[] = [
  {
    name: "the events page's live refresh",
    files: /^packages\/ingest\/dist\//,
    text: "throw new Error(",
    reason:
      "browser code inside the string the events page sends (renderEventsPage.ts's SCRIPT): it runs in that page and is caught " +
      "two lines below, where a failed refresh turns the live dot off until the next one; the package never throws it, no app sees it",
    holds: (file, offset) => isInsideString(file, offset),
  },
];

/**
 * Minified files: their class names are mangled, so a MillimetricError cannot be told
 * from another class by name; a builtin (`TypeError`) keeps its name and is still refused.
 */
const MINIFIED: Record<string, { reason: string; holds: () => boolean }> = {
  "packages/track/dist/a.js": {
    reason: "the script-tag build: src/a.ts imports only ./index (checked unminified in dist/index.js) and throws nothing itself",
    holds: () => {
      const source = readFileSync(join(repoRoot, "packages/track/src/a.ts"), "utf8");
      const imports = [...source.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]);
      return !/\bthrow\b/.test(source) && imports.every((from) => from === "./index");
    },
  },
};

const parsed = new Map<string, ts.SourceFile>();

/** Whether `offset` in the built `file` lies inside a string or template literal's text. */
function isInsideString(file: string, offset: number): boolean {
  let source = parsed.get(file);
  if (!source) {
    const text = readFileSync(join(repoRoot, file), "utf8");
    parsed.set(file, (source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)));
  }
  const literal = new Set([
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.TemplateHead,
    ts.SyntaxKind.TemplateMiddle,
    ts.SyntaxKind.TemplateTail,
  ]);
  let inside = false;
  const visit = (node: ts.Node): void => {
    if (offset < node.getStart(source) || offset >= node.end) return;
    if (literal.has(node.kind)) inside = true;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return inside;
}

/** Why `found` is acceptable, or undefined when it is not. */
function acceptedBecause(found: ThrownConstructor): string | undefined {
  const listed = ALLOW_LIST.find((e) => e.files.test(found.file) && found.text === e.text && e.holds(found.file, found.offset));
  if (listed) return listed.name;
  if (MINIFIED[found.file]) return BUILTIN_ERRORS.test(found.name) ? undefined : "minified";
  // esbuild suffixes a second import of the same name in one bundle (MillimetricError2).
  if (ALLOWED.includes(found.name.replace(/\d+$/, ""))) return "core";
  if (found.name === HTTP_ERROR.name && HTTP_ERROR.files.test(found.file)) return "HttpError";
  const entry = ALLOW_LIST.find((e) => e.files.test(found.file) && found.text === e.text && e.holds(found.file, found.offset));
  return entry?.name;
}

describe("every throw in the built packages is a MillimetricError", () => {
  const files = distFiles();
  const thrown = files.flatMap(thrownConstructors);

  it("reads the built files of every package (they are built)", () => {
    const packages = new Set(files.map((f) => f.split("/")[1]));
    for (const name of ["core", "express", "fastify", "fetch", "ingest", "next", "react", "remix", "track", "track-node"]) {
      expect(packages, `packages/${name}/dist is missing: build it first`).toContain(name);
    }
    expect(thrown.filter((t) => ALLOWED.includes(t.name)).length).toBeGreaterThan(10);
  });

  it("throws nothing else outside the named allow-list", () => {
    const offenders = thrown.filter((t) => acceptedBecause(t) === undefined).map((t) => `${t.file}:${t.line}  ${t.text}`);
    expect(offenders, "throw a MillimetricError / MillimetricTypeError from @millimetric/core with a code from MillimetricErrorCode").toEqual([]);
  });

  it("uses every allow-list entry, and each one holds for the reason it gives", () => {
    for (const entry of ALLOW_LIST) {
      const matches = thrown.filter((t) => entry.files.test(t.file) && t.text === entry.text);
      expect(matches.length, `${entry.name}: no longer found, remove the entry`).toBeGreaterThan(0);
      for (const m of matches) expect(entry.holds(m.file, m.offset), `${entry.name} at ${m.file}:${m.line}: ${entry.reason}`).toBe(true);
    }
    for (const [file, entry] of Object.entries(MINIFIED)) {
      expect(files, `${file} is not built any more: remove it from MINIFIED`).toContain(file);
      expect(entry.holds(), `${file}: ${entry.reason}`).toBe(true);
    }
  });

  it("ingest's HttpError, thrown for every error answer, is a MillimetricError subclass", () => {
    const ingestFiles = files.filter((f) => HTTP_ERROR.files.test(f));
    expect(ingestFiles.length).toBeGreaterThan(0);
    for (const file of ingestFiles) {
      const text = readFileSync(join(repoRoot, file), "utf8");
      if (!/\bnew HttpError\(/.test(text)) continue;
      expect(text, file).toMatch(/\b(?:class HttpError|HttpError = class) extends (?:[\w$]+\.)?MillimetricError\b/);
    }
  });
});

describe("core's README lists every error code once", () => {
  const declared = declaredErrorCodes();
  const table = errorCodeTable();

  it("reads the codes of MillimetricErrorCode", () => {
    expect(declared.length).toBeGreaterThanOrEqual(14);
    expect(declared).toContain("invalid_event");
  });

  it("has a row for every code in MillimetricErrorCode, and none for a code it does not declare", () => {
    expect([...table.keys()].sort()).toEqual([...declared].sort());
  });

  it.each(declared)("%s: when it happens, a message starting [millimetric], and what to do", (code) => {
    const row = table.get(code);
    expect(row, `no row for ${code}`).toBeDefined();
    expect(row!.when.length).toBeGreaterThan(20);
    expect(row!.example).toMatch(/^\[millimetric\] \S/);
    expect(row!.todo.length).toBeGreaterThan(10);
  });
});

describe("through the public API", () => {
  const table = errorCodeTable();
  const example = (code: string) => table.get(code)!.example;
  const KEY = "sk_test_00000000_000000000000000000000000";
  let ingest: IngestServer;
  /** A port nothing listens on: bound once, then closed. */
  let deadHost: string;
  beforeAll(async () => {
    ingest = await startIngest({ port: 0, host: "127.0.0.1", env: {}, dbPath: ":memory:", rateLimits: false });
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, "127.0.0.1", ok));
    deadHost = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((done) => probe.close(() => done()));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await ingest.close();
  });
  /** The table's examples name port 9; the dead host here has whatever port was free. */
  const onPort9 = (message: string) => message.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:9");
  /** What a call throws (or a promise rejects with). */
  const caught = async (fn: () => unknown): Promise<MillimetricError & Error> => {
    try {
      await fn();
    } catch (err) {
      return err as MillimetricError & Error;
    }
    throw new Error("expected a throw");
  };
  /** Stops a client at once; one with undelivered events rejects with (and reports) `shutdown`, as documented. */
  const discard = (client: MillimetricClient) =>
    client.shutdown({ timeoutMs: 0 }).catch((err: MillimetricError) => expect(err.code).toBe("shutdown"));
  const collecting = () => {
    const errors: MillimetricError[] = [];
    return { errors, onError: (err: MillimetricError) => void errors.push(err) };
  };

  it("startIngest with a bad port: invalid_config, still a TypeError, naming the option", async () => {
    const err = await caught(() => startIngest({ port: 70000, env: {}, dbPath: ":memory:" }));
    expect(err).toBeInstanceOf(MillimetricError);
    expect(err).toBeInstanceOf(TypeError);
    expect(err.code).toBe("invalid_config");
    expect(err.message).toBe("[millimetric] port must be a port number 0–65535, 0 for a free one (got 70000)");
    const fromEnv = await caught(() => startIngest({ env: { MILLIMETRIC_INGEST_PORT: "http" }, dbPath: ":memory:" }));
    expect(fromEnv).toMatchObject({ code: "invalid_config", message: expect.stringMatching(/^\[millimetric\] MILLIMETRIC_INGEST_PORT must be/) });
  });

  it("invalid_event: an event breaking a protocol rule, thrown by track(), still a TypeError", async () => {
    const client = new MillimetricClient({ key: KEY, host: deadHost });
    const err = await caught(() => client.track({ event: "" }, {}));
    expect(err).toBeInstanceOf(MillimetricError);
    expect(err).toBeInstanceOf(TypeError);
    expect({ code: err.code, message: err.message }).toEqual({ code: "invalid_event", message: example("invalid_event") });
    await discard(client);
  });

  it("invalid_argument: identify() without the visitor's id, outside a request", async () => {
    const client = new MillimetricClient({ key: KEY, host: deadHost });
    // Outside a request no context supplies the anonymous_id.
    const err = await caught(() => client.identify({ user_id: "42" }));
    expect(err).toBeInstanceOf(TypeError);
    expect({ code: err.code, message: err.message }).toEqual({ code: "invalid_argument", message: example("invalid_argument") });
    await discard(client);
  });

  it("invalid_argument: app.use(millimetric) without the call, as Express calls it (req, res, next) on a real request", async () => {
    let thrown: unknown;
    const server = createServer((req, res) => {
      try {
        (millimetric as unknown as (...args: unknown[]) => unknown)(req, res, () => {});
      } catch (err) {
        thrown = err;
      }
      res.end();
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await new Promise<void>((done) => server.close(() => done()));
    expect(thrown).toBeInstanceOf(MillimetricError);
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown).toMatchObject({ code: "invalid_argument", message: expect.stringMatching(/^\[millimetric\] millimetric was mounted itself.*app\.use\(millimetric\(\)\)/) });
  });

  it("invalid_config: a nonsensical rate limit", async () => {
    const err = await caught(() => startIngest({ port: 0, env: {}, dbPath: ":memory:", rateLimits: { batch: { ratePerSecond: 0, burst: 1 } } }));
    expect(err).toBeInstanceOf(TypeError);
    expect({ code: err.code, message: err.message }).toEqual({ code: "invalid_config", message: example("invalid_config") });
  });

  it("invalid_key: a server client with no key", async () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", undefined);
    const err = await caught(() => new MillimetricClient({ host: deadHost }));
    vi.unstubAllEnvs();
    expect(err).toBeInstanceOf(MillimetricError);
    expect({ code: err.code, message: err.message }).toEqual({ code: "invalid_key", message: example("invalid_key") });
  });

  it("http_error: the real ingest refuses a key it does not know", async () => {
    const { errors, onError } = collecting();
    const client = new MillimetricClient({ key: KEY, host: ingest.url, onError, pacing: false });
    client.track({ event: "signup" }, { anonymous_id: "u_errors" });
    // A 4xx fails the events for good: reported once, and flush() resolves (only a redirect rejects it).
    await client.flush();
    expect(errors).toHaveLength(1);
    const err = errors[0]!;
    expect({ code: err.code, status: err.status, serverCode: err.serverCode, count: err.count, message: err.message }).toEqual({
      code: "http_error",
      status: 401,
      serverCode: "invalid_api_key",
      count: 1,
      message: example("http_error"),
    });
    await client.shutdown();
  });

  it("retries_exhausted (and network_error's example): a host that never answers, through the default 3 retries", async () => {
    const { errors, onError } = collecting();
    const client = new MillimetricClient({ key: KEY, host: deadHost, onError, pacing: false });
    client.track({ event: "signup" }, { anonymous_id: "u_errors" });
    client.track({ event: "signup" }, { anonymous_id: "u_errors" });
    const err = await caught(() => client.flush());
    expect(errors).toEqual([err]);
    expect({ code: err.code, count: err.count, message: onPort9(err.message) }).toEqual({
      code: "retries_exhausted",
      count: 2,
      message: example("retries_exhausted"),
    });
    // The row says network_error is not reported on its own: this is what a request with no answer gives.
    expect(example("network_error")).toBe(example("retries_exhausted"));
    await discard(client);
  });

  it("queue_overflow: more events than maxQueueSize while nothing is delivered", async () => {
    const { errors, onError } = collecting();
    const client = new MillimetricClient({ key: KEY, host: deadHost, onError, maxQueueSize: 2, flushAt: 100, pacing: false });
    for (let i = 0; i < 3; i++) client.track({ event: "signup" }, { anonymous_id: "u_errors" });
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    expect({ code: errors[0]!.code, count: errors[0]!.count, message: errors[0]!.message }).toEqual({
      code: "queue_overflow",
      count: 1,
      message: example("queue_overflow"),
    });
    await discard(client);
  });

  it("timeout: flush({ timeoutMs }) runs out of time; nothing is reported to onError", async () => {
    const { errors, onError } = collecting();
    const client = new MillimetricClient({ key: KEY, host: deadHost, onError, pacing: false });
    client.track({ event: "signup" }, { anonymous_id: "u_errors" });
    client.track({ event: "signup" }, { anonymous_id: "u_errors" });
    const err = await caught(() => client.flush({ timeoutMs: 1 }));
    expect({ code: err.code, count: err.count, message: err.message }).toEqual({ code: "timeout", count: 2, message: example("timeout") });
    expect(errors).toEqual([]);
    await discard(client);
  });

  it("before_send_failed: the app's beforeSend throws", async () => {
    const { errors, onError } = collecting();
    const client = new MillimetricClient({
      key: ingest.keys.secret,
      host: ingest.url,
      onError,
      beforeSend() {
        throw new Error("boom");
      },
    });
    client.track({ event: "signup" }, { anonymous_id: "u_errors" });
    await client.shutdown();
    expect(errors.map((e) => ({ code: e.code, message: e.message }))).toEqual([{ code: "before_send_failed", message: example("before_send_failed") }]);
  });

  it("shutdown: track() after shutdown()", async () => {
    const { errors, onError } = collecting();
    const client = new MillimetricClient({ key: ingest.keys.secret, host: ingest.url, onError });
    await client.shutdown();
    client.track({ event: "late" }, { anonymous_id: "u_errors" });
    expect(errors.map((e) => ({ code: e.code, count: e.count, message: e.message }))).toEqual([
      { code: "shutdown", count: 1, message: example("shutdown") },
    ]);
  });

  it("missing_context: the adapter's track() outside a request it handled", async () => {
    const err = await caught(() => expressTrack({ event: "signup" }));
    expect(err).toBeInstanceOf(MillimetricError);
    expect({ code: err.code, message: err.message }).toEqual({ code: "missing_context", message: example("missing_context") });
  });

  it("wrong_environment: @millimetric/next/server as a browser bundle loads it", async () => {
    const err = await caught(() => import(join(repoRoot, "packages/next/dist/server.browser.js")));
    expect(err).toBeInstanceOf(MillimetricError);
    expect({ code: err.code, message: err.message }).toEqual({ code: "wrong_environment", message: example("wrong_environment") });
  });

  it("missing_provider: the example is the message @millimetric/react builds (rendering needs a DOM, covered in react's tests)", () => {
    // esbuild writes non-ASCII as \u escapes (the "…" of "pk_…").
    const text = readFileSync(join(repoRoot, "packages/react/dist/index.js"), "utf8").replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    const m = /^\[millimetric\] (\w+\(\)) (must be used inside <MillimetricProvider>: wrap your root layout \(or app root\) in )(<MillimetricProvider apiKey="pk_…">\{children\}<\/MillimetricProvider>\.)$/.exec(
      example("missing_provider"),
    );
    expect(m, "the example names a hook, then the fix").not.toBeNull();
    expect(text).toContain("[millimetric] ${hook} " + m![2]);
    expect(text).toContain(m![3]);
    expect(text).toContain(`"${m![1]}"`);
    expect(text).toMatch(/"missing_provider"/);
  });
});
