// A secret key in the browser variable: `next build` of fixture A must fail and say to
// rotate the key. (The client chunks Next compiled before prerendering already hold it —
// Next inlines NEXT_PUBLIC_ values at compile time, before any of our code runs — so the
// failed build's output must not be deployed, and the message says to rotate the key.)
import { afterAll, beforeAll, expect, it } from "vitest";
import { installNextFixture, nextBuild, removeFixture, type BuildResult } from "./packed/packedNextApp";
import { NEXT_16, REACT_19, TYPES_REACT_19 } from "./packed/versions";

const SECRET = "sk_live_5e6f7a8b_leakedsecretleakedsecret01";
let dir: string | undefined;
let build: BuildResult;

beforeAll(async () => {
  dir = await installNextFixture({
    template: "next16",
    dependencies: { next: NEXT_16, react: REACT_19, "react-dom": REACT_19 },
    devDependencies: TYPES_REACT_19,
  });
  build = await nextBuild(dir, { NEXT_PUBLIC_MILLIMETRIC_KEY: SECRET, NEXT_PUBLIC_MILLIMETRIC_HOST: "http://127.0.0.1:9" });
}, 600_000);

// Deleting the installed fixture (next and its dependencies) takes longer than the
// default 10 s hook timeout on a loaded machine; the contract suites allow 60 s too.
afterAll(() => removeFixture(dir), 60_000);

it("fails next build, naming NEXT_PUBLIC_MILLIMETRIC_KEY and telling to rotate the key", () => {
  expect(build.code, build.output).not.toBe(0);
  expect(build.output).toContain("NEXT_PUBLIC_MILLIMETRIC_KEY");
  expect(build.output).toMatch(/rotate/i);
  expect(build.output).toContain("[millimetric]");
});
