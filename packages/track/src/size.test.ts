// @vitest-environment node
// The size budget of the browser SDK: what it costs a user's bundle, measured on the built
// dist the way a bundler ships it (esbuild, minified, gzip -9). Two apps: one that only
// calls `init` + `track`, and one that also uses consent (`optOut`) and `beforeSend`
// (configure()), which must cost bytes to that app only.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, it } from "vitest";

// Millimetric's published figure for its browser script is 1.8 KB; ours must not be
// bigger. Every documented feature is inside (validation naming field and rule, the id
// contract with cookie write-back, attribution, SPA pageviews, retry with Retry-After
// and backoff, keepalive page exit); what keeps it there: development-only long messages
// (production bundles fold them away), compact helpers in core, one cookie template
// from the server instead of options. A change that grows it past the limit fails here.
// Millimetric's published figure is 1 800 B; this limit is 1 830 B since three hardening
// fixes cost 33 B that no golfing found elsewhere (measured, esbuild + gzip -9): core's id
// rule refusing `undefined`/`null`/`NaN` in any case, the same rule as every server
// (+16 B), mm_optout read by core's rule (`%31`, `"1"`) (+9 B), window.__aid accepted only
// as a valid id or an object with one, read inside a try (+12 B), less 4 B saved.
const LIMIT = 1830;
// Consent, beforeSend, debug, disabled and onError together, with what onError receives:
// core's MillimetricError and MillimetricTypeError, and core's rule functions that word a
// call rejected in production exactly as development throws it. About 1.75 KB on top of
// init + track (3 559 B in all when this limit was first set; 3 604 B with the three
// hardening fixes above, hence 3 610).
const CONTROLS_LIMIT = 3610;
const pkg = fileURLToPath(new URL("..", import.meta.url));

/** Minified and gzipped bytes of an app made of `code`, importing the built package. */
async function measure(code: string): Promise<{ minified: number; gzipped: number }> {
  expect(existsSync(join(pkg, "dist/index.js")), "run `npx tsup` first").toBe(true);
  const dir = mkdtempSync(join(tmpdir(), "mm-size-"));
  try {
    const entry = join(dir, "entry.js");
    writeFileSync(entry, code);
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      // Resolve the package by name, through its exports map, to the built dist.
      alias: { "@millimetric/track": pkg.replace(/\/$/, "") },
      logLevel: "silent",
    });
    const js = out.outputFiles[0]!.contents;
    return { minified: js.length, gzipped: gzipSync(js, { level: 9 }).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it(`init + track is at most ${LIMIT} bytes minified and gzipped`, async () => {
  const { minified, gzipped } = await measure(`import { init, track } from "@millimetric/track"; init({key:"pk_test_x"}); track("x")`);
  console.log(`[size] @millimetric/track init+track: ${minified} B minified, ${gzipped} B gzipped (limit ${LIMIT})`);
  expect(gzipped).toBeLessThanOrEqual(LIMIT);
});

it(`init + track + optOut + configure({ beforeSend }) is at most ${CONTROLS_LIMIT} bytes, and costs init + track nothing`, async () => {
  const plain = await measure(`import { init, track } from "@millimetric/track"; init({key:"pk_test_x"}); track("x")`);
  const { minified, gzipped } = await measure(
    `import { configure, init, optOut, track } from "@millimetric/track"; configure({ beforeSend: (e) => e }); init({key:"pk_test_x"}); track("x"); optOut()`,
  );
  console.log(`[size] @millimetric/track init+track+optOut+beforeSend: ${minified} B minified, ${gzipped} B gzipped (limit ${CONTROLS_LIMIT})`);
  expect(gzipped).toBeLessThanOrEqual(CONTROLS_LIMIT);
  // Tree-shaken: the second app is bigger, so the first one does not carry these modules.
  expect(gzipped - plain.gzipped).toBeGreaterThan(500);
});

// anonymousIdHeaders() (an API on another origin): its own module, so init + track above
// carry none of it; an app that calls it pays 49 B (1 877 B with init + track, measured
// when it was added: the header's name is most of it).
it("anonymousIdHeaders costs init + track nothing, and the apps that use it at most 60 bytes", async () => {
  const plain = await measure(`import { init, track } from "@millimetric/track"; init({key:"pk_test_x"}); track("x")`);
  const { minified, gzipped } = await measure(
    `import { anonymousIdHeaders, init, track } from "@millimetric/track"; init({key:"pk_test_x"}); track("x"); fetch("/api", { headers: anonymousIdHeaders() })`,
  );
  console.log(`[size] @millimetric/track init+track+anonymousIdHeaders: ${minified} B minified, ${gzipped} B gzipped`);
  expect(plain.gzipped).toBeLessThanOrEqual(LIMIT);
  expect(gzipped - plain.gzipped).toBeGreaterThan(0);
  expect(gzipped - plain.gzipped).toBeLessThanOrEqual(60);
});
