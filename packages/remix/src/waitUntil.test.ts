// Serverless: a host freezes once the response is sent, so the events of an action must be
// handed to the platform's waitUntil. Each test records what the app hands it, checks that
// nothing was delivered before that (the client batches and its timer is a minute away),
// then settles the recorded promises the way the host does before freezing: the action's
// event is at the (real, 127.0.0.1) ingest by then.
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reactRouterHandler } from "../test/reactRouterApp";
import { init, millimetricLoader, millimetricMiddleware, track, withMillimetric, type MillimetricRemixOptions } from "./server";

const KEY = "sk_test_abcdef12_secretsecretsecret";
const BROWSER = { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", cookie: "aid=u_serverless" };
type Args = { request: Request; context?: unknown };

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let client: ReturnType<typeof init>;
beforeAll(async () => {
  ingest = await startStubIngest();
  // Nothing leaves on its own during a test: only a flush delivers.
  client = init({ key: KEY, host: ingest.url, flushAt: 1000, flushIntervalMs: 60_000, pacing: false });
});
afterAll(async () => {
  await client.shutdown();
  await ingest.close();
});

/** A waitUntil that records what it is handed, as a serverless host does. */
function host() {
  const handed: Promise<unknown>[] = [];
  return { handed, waitUntil: (promise: Promise<unknown>) => void handed.push(promise) };
}

/** Runs `respond`, then checks the event reached the ingest only once the handed promises settled. */
async function deliveredBeforeFreeze(event: string, handed: Promise<unknown>[], respond: () => Promise<Response>): Promise<void> {
  const from = ingest.events.length;
  const response = await respond();
  expect(response.status).toBeLessThan(400);
  expect(handed.length, "the request's flush was handed to waitUntil").toBeGreaterThan(0);
  expect(ingest.events.slice(from)).toEqual([]);
  await Promise.all(handed); // the host waits for these before it freezes the instance
  expect(ingest.events.slice(from).map((e) => ({ event: e.event, anonymous_id: e.anonymous_id }))).toEqual([{ event, anonymous_id: "u_serverless" }]);
}

const root = { loader: (args: Args) => millimetricLoader(args) };
const post = (path: string) => new Request(`http://app.test${path}`, { method: "POST", headers: BROWSER });

describe("an action's event is delivered before a serverless host freezes", () => {
  it("Cloudflare: track(args) in an action hands the flush to context.cloudflare.ctx.waitUntil", async () => {
    const { handed, waitUntil } = host();
    const handler = reactRouterHandler(root, { signup: { action: (args: Args) => (track(args, { event: "cf_signup" }), Response.json({ ok: true })) } });
    await deliveredBeforeFreeze("cf_signup", handed, () => handler(post("/signup"), { cloudflare: { env: {}, ctx: { waitUntil } } }));
  });

  it("Netlify: a withMillimetric() action hands it to the load context's own waitUntil", async () => {
    const { handed, waitUntil } = host();
    const action = withMillimetric(async () => {
      await new Promise((r) => setTimeout(r, 5));
      track({ event: "netlify_signup" });
      return Response.json({ ok: true });
    });
    const handler = reactRouterHandler(root, { signup: { action } });
    await deliveredBeforeFreeze("netlify_signup", handed, () => handler(post("/signup"), { waitUntil }));
  });

  it("Vercel: the waitUntil option (from @vercel/functions), for track(args, …, options) and the middleware", async () => {
    const { handed, waitUntil } = host();
    const options = { waitUntil } satisfies MillimetricRemixOptions;
    const handler = reactRouterHandler(root, { signup: { action: (args: Args) => (track(args, { event: "vercel_signup" }, options), Response.json({ ok: true })) } });
    await deliveredBeforeFreeze("vercel_signup", handed, () => handler(post("/signup")));

    const later = host();
    const middleware = millimetricMiddleware({ waitUntil: later.waitUntil });
    await deliveredBeforeFreeze("vercel_middleware", later.handed, () =>
      middleware({ request: post("/signup"), context: {} }, async () => (track({ event: "vercel_middleware" }), Response.json({ ok: true }))),
    );
  });

  it("no waitUntil anywhere (a long-running server): nothing is handed, the events leave in the background", async () => {
    const action = withMillimetric((args: Args) => (track(args, { event: "long_running" }), { ok: true }));
    const from = ingest.events.length;
    await action({ request: post("/signup"), context: {} });
    await client.flush();
    expect(ingest.events.slice(from).map((e) => e.event)).toEqual(["long_running"]);
  });
});
