// Compiled by `tsc -p tsconfig.json` in the test script: the wrapper's types against the
// handler shapes it is for (Hono's app.fetch, Workers, Bun, Deno), and the Hono
// middleware's declaration merging.
import { Hono } from "hono";
import { millimetric } from "./hono";
import { aidScript, getAnonymousId, millimetricOf, withMillimetric, type RequestMillimetric } from "./index";

// Hono's app.fetch keeps its (request, env?, executionCtx?) signature.
const app = new Hono();
const wrapped = withMillimetric(app.fetch, { key: "sk_test_x", host: "http://127.0.0.1:8787" });
const workers: { fetch: (request: Request, env: { KEY: string }, ctx: { waitUntil(p: Promise<unknown>): void }) => Promise<Response> } = {
  fetch: withMillimetric(async (request: Request, env: { KEY: string }, ctx: { waitUntil(p: Promise<unknown>): void }) => {
    void env.KEY;
    void ctx;
    return new Response(millimetricOf(request).aidScript({ nonce: "n" }));
  }),
};
// Bun's fetch may return undefined after a WebSocket upgrade.
const bun: (request: Request, server: { upgrade(r: Request): boolean }) => Promise<Response | undefined> = withMillimetric(
  (request: Request, server: { upgrade(r: Request): boolean }) => (server.upgrade(request) ? undefined : new Response("hi")),
);
// Deno.serve's handler: (request, info).
const deno: (request: Request, info: { remoteAddr: unknown }) => Promise<Response> = withMillimetric((_r: Request, _info: { remoteAddr: unknown }) => new Response());
// @ts-expect-error the handler comes first
withMillimetric({ key: "sk_test_x" });

const id: string | undefined = getAnonymousId();
// @ts-expect-error outside a request there is no id
const strict: string = getAnonymousId();
const script: string = aidScript({ nonce: "n" });

app.use(millimetric({ getUserId: (c) => c.req.header("x-user"), isVisitorRequest: (c) => !c.req.path.startsWith("/hooks") }));
app.get("/", (c) => {
  const visitor: RequestMillimetric = c.get("millimetric");
  const viaVar: string | undefined = c.var.millimetric.anonymousId;
  visitor.track({ event: "x" });
  return c.text(`${viaVar}${visitor.aidScript()}`);
});

void [wrapped, workers, bun, deno, id, strict, script];
