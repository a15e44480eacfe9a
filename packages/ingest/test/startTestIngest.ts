import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { startIngest, type IngestOptions, type IngestServer } from "../src/index";

/** Fixed keys so tests read like the README. */
export const KEYS = {
  publishable: "pk_test_1a2b3c4d_publishablepublishable0001",
  secret: "sk_test_5e6f7a8b_secretsecretsecretsecret0001",
  read: "rk_test_9c0d1e2f_readreadreadreadreadread0001",
};
export const ORIGIN = "http://localhost:5173";

export interface CallInit {
  method?: string;
  /** Bearer key; null sends no Authorization header. @default KEYS.secret */
  key?: string | null;
  origin?: string;
  /** JSON-encoded unless `raw`. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export interface TestIngest {
  ingest: IngestServer;
  url: string;
  dir: string;
  /** Unexpected errors the server reported (each one was a 500). */
  errors: unknown[];
  call(path: string, init?: CallInit): Promise<Response>;
  /** POST /v1/track with the sk_ key. */
  track(event: Record<string, unknown>): Promise<Response>;
  /** GET /v1/query with the rk_ key; the events. */
  query(params?: Record<string, string | number>): Promise<Record<string, unknown>[]>;
  /** Proves the server still answers a normal request. */
  expectAlive(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a real ingest server on 127.0.0.1, port 0, with a fresh database in a temp dir. */
export async function startTestIngest(options: IngestOptions = {}): Promise<TestIngest> {
  const dir = mkdtempSync(join(tmpdir(), "mm-ingest-"));
  const errors: unknown[] = [];
  const ingest = await startIngest({
    port: 0,
    host: "127.0.0.1",
    dbPath: join(dir, "ingest.sqlite"),
    keys: KEYS,
    env: {},
    onError: (e) => errors.push(e),
    ...options,
  }).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const call = (path: string, init: CallInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? KEYS.secret : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (init.origin) headers.origin = init.origin;
    const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
    return fetch(ingest.url + path, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  };
  const self: TestIngest = {
    ingest,
    url: ingest.url,
    dir,
    errors,
    call,
    track: (event) => call("/v1/track", { body: event }),
    async query(params = {}) {
      const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
      const res = await call(`/v1/query?${qs}`, { key: KEYS.read });
      expect(res.status).toBe(200);
      return ((await res.json()) as { events: Record<string, unknown>[] }).events;
    },
    async expectAlive() {
      const res = await self.track({ event: "still_alive" });
      expect(res.status).toBe(202);
      expect(errors).toEqual([]);
    },
    async close() {
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** Asserts the protocol's error shape and returns the body. */
export async function expectError(
  res: Response,
  status: number,
  code: string,
): Promise<{ error: string; details: Record<string, unknown> & { fieldErrors?: Record<string, string> }; [k: string]: unknown }> {
  const text = await res.text();
  expect({ status: res.status, text }).toMatchObject({ status });
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = JSON.parse(text);
  expect(body.error).toBe(code);
  expect(typeof body.details).toBe("object");
  expect(body.details).not.toBeNull();
  return body;
}
