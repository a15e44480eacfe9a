// The columns: one app per adapter, each exposing the same routes (fixtures/*.mjs, and
// fixtures/next for both Next columns), started over real HTTP on 127.0.0.1.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { BROWSER_KEY, SECRET_KEY, fixtures, nextBin, runNode, startNode, type RunningApp } from "./apps";
import type { RouteName } from "./observed";

/** What the apps are given: where server events and browser events go. */
export interface Shared {
  ingestUrl: string;
  browserHost: string;
}

export interface Column {
  name: string;
  /** Letters and digits only: goes into ids (`u_w_<key>_1`). */
  key: string;
  /** The app's NODE_ENV (row 19's warning is a development one). */
  mode: "development" | "production";
  paths: Record<RouteName, string>;
  start(shared: Shared): Promise<RunningApp>;
  /**
   * Row 17: the adapter's creation points, each called with a bad cookie option. Loading the
   * module happens outside (a failed import is an error of the test, not a refusal).
   */
  creators(): Promise<Record<string, (cookie: Record<string, unknown>) => unknown>>;
  /** Rows this adapter cannot express, and why. Counted as documented: the test checks the reason is there. */
  notApplicable?: Partial<Record<number, string>>;
  /** What a row checks of this column only in part, and why (printed with the result). */
  caveats?: Partial<Record<number, string>>;
}

const NODE_PATHS: Record<RouteName, string> = {
  page: "/page",
  static: "/static",
  cacheable: "/cacheable",
  api: "/api/track",
  health: "/health",
  webhook: "/webhook",
  late: "/late",
  release: "/late/release",
  work: "/work",
  flush: "/flush",
};

/** Environment of every app: its ingest and key, the browser SDK's host and key, and room for row 16's 16 KB Cookie header. */
function appEnv(shared: Shared, mode: "development" | "production"): Record<string, string> {
  return {
    MILLIMETRIC_SECRET_KEY: SECRET_KEY,
    MILLIMETRIC_HOST: shared.ingestUrl,
    CONTRACT_BROWSER_HOST: shared.browserHost,
    CONTRACT_BROWSER_KEY: BROWSER_KEY,
    NODE_ENV: mode,
    // Node's default header limit (16 KB) would answer row 16's 16 KB Cookie header with a 431 before any app code.
    NODE_OPTIONS: "--max-http-header-size=65536",
  };
}

const nodeApp = (file: string, extra: Record<string, string> = {}) => (shared: Shared) =>
  startNode([join(fixtures, file)], { ...appEnv(shared, "development"), ...extra });

const expressCreators = async () => {
  const { millimetric } = await import("@millimetric/express");
  return { "millimetric()": (cookie: Record<string, unknown>) => millimetric({ cookie, flushOnExit: false }) };
};

// The Next app is built once per run (the browser SDK's host and key are inlined at build
// time) and serves both Next columns.
let nextApp: Promise<RunningApp> | undefined;
const nextDir = join(fixtures, "next");
function startNext(shared: Shared): Promise<RunningApp> {
  nextApp ??= (async () => {
    rmSync(join(nextDir, ".next"), { recursive: true, force: true });
    await runNode([nextBin, "build"], { NEXT_PUBLIC_MILLIMETRIC_KEY: BROWSER_KEY, NEXT_PUBLIC_MILLIMETRIC_HOST: shared.browserHost, NODE_ENV: "production" }, nextDir);
    const port = await freePort();
    return startNode([nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], appEnv(shared, "production"), {
      cwd: nextDir,
      url: `http://127.0.0.1:${port}`,
      ready: /Ready in/,
    });
  })();
  // Both columns share the server: stopping it is the file's afterAll's job (stopNext).
  return nextApp.then((app) => ({ ...app, stop: async () => {} }));
}

/** Stops the shared Next server, if it was started. */
export async function stopNext(): Promise<void> {
  const app = await nextApp?.catch(() => undefined);
  await app?.stop();
}

const nextCreators = async () => {
  const { withMillimetric } = await import("@millimetric/next");
  return { "withMillimetric()": (cookie: Record<string, unknown>) => withMillimetric({ cookie }) };
};

const NEXT_PROD = "next start runs in production (NODE_ENV=production): the development warning cannot be observed without next dev; only \"never another request's id\" is checked";

export const columns: Column[] = [
  {
    name: "Express 4",
    key: "express4",
    mode: "development",
    paths: { ...NODE_PATHS, static: "/static.html" },
    start: nodeApp("express.mjs", { CONTRACT_EXPRESS: "express4" }),
    creators: expressCreators,
  },
  {
    name: "Express 5",
    key: "express5",
    mode: "development",
    paths: { ...NODE_PATHS, static: "/static.html" },
    start: nodeApp("express.mjs", { CONTRACT_EXPRESS: "express" }),
    creators: expressCreators,
  },
  {
    name: "Fastify 5",
    key: "fastify",
    mode: "development",
    paths: NODE_PATHS,
    start: nodeApp("fastify.mjs"),
    async creators() {
      const { default: Fastify } = await import("fastify");
      const { default: millimetric } = await import("@millimetric/fastify");
      return {
        "app.register(millimetric)": async (cookie: Record<string, unknown>) => {
          const app = Fastify();
          try {
            await app.register(millimetric, { cookie, flushOnExit: false } as never);
            await app.ready();
          } finally {
            await app.close();
          }
        },
      };
    },
  },
  {
    name: "fetch (withMillimetric)",
    key: "fetch",
    mode: "development",
    paths: NODE_PATHS,
    start: nodeApp("fetch.mjs"),
    async creators() {
      const { withMillimetric } = await import("@millimetric/fetch");
      return { "withMillimetric()": (cookie: Record<string, unknown>) => withMillimetric(() => new Response("ok"), { cookie } as never) };
    },
  },
  {
    name: "Hono (millimetric())",
    key: "hono",
    mode: "development",
    paths: NODE_PATHS,
    start: nodeApp("hono.mjs"),
    async creators() {
      const { millimetric } = await import("@millimetric/fetch/hono");
      return { "app.use(millimetric())": (cookie: Record<string, unknown>) => millimetric({ cookie } as never) };
    },
  },
  {
    name: "Remix / React Router 7",
    key: "remix",
    mode: "development",
    paths: NODE_PATHS,
    start: nodeApp("remix.mjs"),
    async creators() {
      const server = await import("@millimetric/remix/server");
      return {
        "withMillimetric(loader)": (cookie: Record<string, unknown>) => server.withMillimetric(() => null, { cookie } as never),
        "millimetricMiddleware()": (cookie: Record<string, unknown>) => server.millimetricMiddleware({ cookie } as never),
        "millimetricRequestHandler()": (cookie: Record<string, unknown>) => server.millimetricRequestHandler(() => new Response("ok"), { cookie } as never),
      };
    },
    caveats: {
      17: "millimetricLoader(args, loader, options) takes its options per call, so the root loader of the README's Setup has no creation point: the row checks the three wrappers that do",
    },
  },
  {
    name: "Next (proxy + /server)",
    key: "nextapp",
    mode: "production",
    paths: NODE_PATHS,
    start: startNext,
    creators: nextCreators,
    caveats: { 19: NEXT_PROD },
  },
  {
    name: "Next (proxy + /pages)",
    key: "nextpages",
    mode: "production",
    paths: {
      page: "/p/page",
      static: "/p/static",
      cacheable: "/p/cacheable",
      api: "/api/p/track",
      health: "/api/p/health",
      webhook: "/api/p/webhook",
      late: "/api/p/late",
      release: "/api/p/late-release",
      work: "/api/p/work",
      flush: "/api/p/flush",
    },
    start: startNext,
    creators: nextCreators,
    caveats: {
      17: "the Pages helpers have no options of their own to refuse: the cookie options are the proxy's, checked by withMillimetric()",
      19: `${NEXT_PROD}. The Pages helpers take the request explicitly (track(req, …)), so the late work passes the request it kept`,
    },
  },
];
