// @vitest-environment node
// Core's production rule (isProduction) in the browser SDK: where there is no `process`
// at all (the SDK loaded without a bundler), it behaves as a production build — a wrong
// key is logged and refused, never thrown at the visitor. With a bundler, development
// throws (init.test.ts).
import { build } from "esbuild";
import { JSDOM, VirtualConsole } from "jsdom";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const pkg = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

it("without process: init() with a secret key logs and stays inert instead of throwing", async () => {
  const out = await build({
    stdin: { contents: `export { init, track } from "@millimetric/track";`, resolveDir: pkg },
    bundle: true,
    format: "iife",
    globalName: "mmNoBundler",
    // Neutral, not "browser": esbuild would define process.env.NODE_ENV for a browser build.
    platform: "neutral",
    conditions: ["browser", "import"],
    mainFields: ["module", "main"],
    write: false,
    alias: { "@millimetric/track": pkg },
    logLevel: "silent",
  });
  const code = out.outputFiles[0]!.text;
  expect(code).toContain("process.env.NODE_ENV"); // the development checks are there, unfolded
  const errors: unknown[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("error", (...args: unknown[]) => errors.push(args.join(" ")));
  // A page: jsdom's window has no `process`, as a browser has none.
  const { window } = new JSDOM("<!doctype html>", { url: "https://shop.example/", runScripts: "outside-only", virtualConsole });
  expect(window.eval("typeof process")).toBe("undefined");
  const sdk = window.eval(`${code}; mmNoBundler`) as typeof import("./index");
  expect(() => sdk.init({ key: "sk_live_f6589a94_secret" })).not.toThrow();
  expect(errors).toEqual(["[millimetric] needs a pk_ key"]);
  expect(() => sdk.track("x")).not.toThrow();
  window.close();
});
