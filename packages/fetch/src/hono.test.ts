// The Hono middleware (@millimetric/fetch/hono, from the built package as an app imports
// it) on real HTTP through @hono/node-server, and in the Workers call shape
// app.fetch(request, env, ctx), against the real ingest.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aidPayload, agent, BROWSER, MINTED_ID, request, setCookieValue } from "../test/http";
import { startRealIngest, type RealIngest } from "../test/realIngest";

// Resolved at run time: the built entries, which share one module state.
const fetchPkg: string = "@millimetric/fetch";
const honoPkg: string = "@millimetric/fetch/hono";
type FetchApi = typeof import("./index");
type HonoApi = typeof import("./hono");

let ingest: RealIngest;
let api: FetchApi;
let honoApi: HonoApi;
const servers: ServerType[] = [];

beforeAll(async () => {
  ingest = await startRealIngest();
  api = await import(/* @vite-ignore */ fetchPkg);
  honoApi = await import(/* @vite-ignore */ honoPkg);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  agent.destroy();
  await api?.shutdown();
  await ingest?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function listen(app: Hono<any>): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    servers.push(server);
  });
}

const held = () => ({ key: ingest.server.keys.secret, host: ingest.url, flushAt: 1000, flushIntervalMs: 60_000 });

describe("app.use(millimetric())", () => {
  it("mints on a first visit: Set-Cookie, aidScript(), c.get('millimetric'), plain track() after awaits, getUserId(c)", async () => {
    const app = new Hono<{ Variables: { user?: { id: string } } }>();
    app.use(async (c, next) => {
      c.set("user", { id: "hono-user" });
      await next();
    });
    app.use(honoApi.millimetric({ ...held(), getUserId: (c) => c.get("user")?.id }));
    app.get("/", async (c) => {
      await new Promise((r) => setTimeout(r, 2));
      api.track({ event: "hono_page" });
      return c.html(`<head>${api.aidScript()}</head>${c.get("millimetric").anonymousId}|${c.req.header("cookie")}`);
    });
    const url = await listen(app);
    const res = await request(`${url}/`, { headers: BROWSER });
    const id = setCookieValue(res)!;
    expect(id).toMatch(MINTED_ID);
    expect(setCookieValue(res, "mm_minted")).toBe(id);
    expect(aidPayload(res.body)).toEqual({ id, minted: true });
    expect(res.body).toContain(`${id}|aid=${id}`);
    await api.flush();
    const [event] = await ingest.waitFor({ anonymous_id: id }, (e) => e.length === 1);
    expect(event).toMatchObject({ event: "hono_page", user_id: "hono-user" });
  });

  it("keeps a returning visitor's id, invents none for a webhook (isVisitorRequest gets c), and adds the cookies to an immutable response", async () => {
    const app = new Hono();
    app.use(honoApi.millimetric({ isVisitorRequest: (c) => !c.req.path.startsWith("/hooks/") }));
    app.get("/", (c) => c.text(c.get("millimetric").anonymousId ?? "none"));
    app.post("/hooks/stripe", (c) => c.text(c.get("millimetric").anonymousId ?? "none"));
    app.get("/away", () => Response.redirect("http://127.0.0.1/elsewhere", 302));
    const url = await listen(app);
    const returning = await request(`${url}/`, { headers: { cookie: "aid=u_hono_back" } });
    expect(returning.body).toBe("u_hono_back");
    expect(returning.headers["set-cookie"]).toBeUndefined();
    const hook = await request(`${url}/hooks/stripe`, { method: "POST", headers: BROWSER });
    expect(hook.body).toBe("none");
    expect(hook.headers["set-cookie"]).toBeUndefined();
    const away = await request(`${url}/away`, { headers: BROWSER });
    expect(away.status).toBe(302);
    expect(setCookieValue(away)).toMatch(MINTED_ID);
  });

  it("flushes through c.executionCtx.waitUntil on Workers: app.fetch(request, env, ctx)", async () => {
    const app = new Hono();
    app.use(honoApi.millimetric(held()));
    app.get("/", (c) => {
      api.track({ event: "hono_workers" });
      return c.text("ok");
    });
    const waited: Array<Promise<unknown>> = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void waited.push(p), passThroughOnException: () => {}, props: {} };
    const res = await app.fetch(new Request("http://app.test/", { headers: { cookie: "aid=u_hono_ctx" } }), {}, ctx);
    expect(res.status).toBe(200);
    expect(waited).toHaveLength(1);
    await waited[0];
    await ingest.waitFor({ anonymous_id: "u_hono_ctx" }, (e) => e.length === 1);
  });
});
