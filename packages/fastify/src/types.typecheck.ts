// Compiled by `tsc -p tsconfig.json` in the test script: the plugin's registration types
// and its declaration merging with Fastify 5's.
import Fastify, { type FastifyRequest } from "fastify";
import millimetric, { track, type FastifyMillimetric, type FlushOnExitOptions, type RequestMillimetric } from "./index";

declare module "fastify" {
  interface FastifyRequest {
    user?: { id: string };
  }
}

const app = Fastify();
await app.register(millimetric, {
  getUserId: (req) => req.user?.id,
  isVisitorRequest: (req) => !req.url.startsWith("/webhooks/"),
  cookie: { domain: "example.com" },
  nonce: (_req, reply) => reply.getHeader("x-nonce") as string | undefined,
  flushAt: 1,
  flushOnExit: { timeoutMs: 2000, signals: ["SIGTERM"] },
});
const exit: FlushOnExitOptions = { timeoutMs: 1000 };
await app.register(millimetric, { flushOnExit: exit });
// @ts-expect-error the registration's own client: no client here
await app.register(millimetric, { flushOnExit: { client: undefined } });
// @ts-expect-error not an option
await app.register(millimetric, { getUserID: () => "x" });

const instance: FastifyMillimetric = app.millimetric;
app.get("/", async (req: FastifyRequest, reply) => {
  const api: RequestMillimetric = req.millimetric;
  // A webhook has no id: the type says so.
  // @ts-expect-error anonymousId may be undefined
  const strict: string = req.millimetric.anonymousId;
  const id: string | undefined = req.millimetric.anonymousId;
  const script: string = req.millimetric.script;
  const fromReply: string = reply.millimetricScript({ nonce: "n" });
  api.track({ event: "x" });
  track({ event: "y" });
  instance.track({ event: "z", user_id: "u" });
  return `${strict}${id}${script}${fromReply}`;
});
