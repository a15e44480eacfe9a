// A secret key in the browser variable: `next build` of fixture A must fail and say to
// rotate the key, and nothing it emitted for the browser may hold the key.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
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

afterAll(() => removeFixture(dir));

/** Every file under `root`, recursively. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it("fails next build, naming NEXT_PUBLIC_MILLIMETRIC_KEY and telling to rotate the key", () => {
  expect(build.code, build.output).not.toBe(0);
  expect(build.output).toContain("NEXT_PUBLIC_MILLIMETRIC_KEY");
  expect(build.output).toMatch(/rotate/i);
  expect(build.output).toContain("[millimetric]");
});

it("leaves no secret key in .next/static", () => {
  // Whatever the build emitted before it stopped: neither this key nor any sk_live_/sk_test_ key.
  const leaks = filesUnder(join(dir!, ".next", "static")).filter((file) => {
    const text = readFileSync(file, "latin1");
    return text.includes(SECRET) || /sk_(?:live|test)_[0-9a-f]{8}_/.test(text);
  });
  expect(leaks).toEqual([]);
});
