// Remix 2 with Vite and React 18, installed from the packed tarballs: the README's Setup
// root.tsx with its two Remix 2 import lines, built twice with `remix vite:build` (classic
// loaders, then future.v3_singleFetch) and served by `remix-serve`.
import { afterAll, beforeAll, describe, it } from "vitest";
import { installFixture, typesFor, VERSIONS, type FixtureApp } from "./fixtureApp";
import { describeSetup, useHarness } from "./fixtureSuite";
import { setupRootRemix } from "./readmeSetup";

const v = VERSIONS.remix2;
const get = useHarness();
let app: FixtureApp;
let classic: string;
let singleFetch: string;

beforeAll(async () => {
  app = await installFixture({
    overlay: "remix",
    root: setupRootRemix,
    dependencies: { "@remix-run/node": v, "@remix-run/react": v, "@remix-run/serve": v, react: VERSIONS.react18, "react-dom": VERSIONS.react18 },
    devDependencies: { "@remix-run/dev": v, vite: VERSIONS.vite6, ...typesFor("18") },
  });
  const { buildEnv, serveEnv } = get();
  await app.run("@remix-run/dev/dist/cli.js", ["vite:build"], buildEnv);
  await app.run("@remix-run/dev/dist/cli.js", ["vite:build"], { ...buildEnv, MM_FIXTURE_BUILD: "build-single-fetch", MM_FIXTURE_SINGLE_FETCH: "1" });
  classic = await app.serve("@remix-run/serve/dist/cli.js", ["./build/server/index.js"], serveEnv);
  singleFetch = await app.serve("@remix-run/serve/dist/cli.js", ["./build-single-fetch/server/index.js"], serveEnv);
}, 300_000);

afterAll(() => app?.close(), 120_000);

describe(`Remix ${v}: the README's blocks typecheck`, () => {
  it("the Setup's root.tsx with the Remix 2 imports (tsc --noEmit against Remix's types)", async () => {
    await app.run("typescript/bin/tsc", ["-p", "."], {});
  }, 120_000);
});

describeSetup(`Remix ${v} classic (no single fetch, remix-serve), the README's Setup`, get, () => classic, { dedupesSetCookie: false });
describeSetup(`Remix ${v} with future.v3_singleFetch (remix-serve), the README's Setup`, get, () => singleFetch);
