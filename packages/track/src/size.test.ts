// @vitest-environment node
// The size budget of the browser SDK: what `init` + `track` cost a user's bundle,
// measured on the built dist the way a bundler ships it (esbuild, minified, gzip -9).
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
// from the server instead of options. A change that grows it past 1800 B fails here.
const LIMIT = 1800;
const pkg = fileURLToPath(new URL("..", import.meta.url));

it(`init + track is at most ${LIMIT} bytes minified and gzipped`, async () => {
  expect(existsSync(join(pkg, "dist/index.js")), "run `npx tsup` first").toBe(true);
  const dir = mkdtempSync(join(tmpdir(), "mm-size-"));
  try {
    const entry = join(dir, "entry.js");
    writeFileSync(entry, `import { init, track } from "@millimetric/track"; init({key:"pk_test_x"}); track("x")`);
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
    const gz = gzipSync(js, { level: 9 }).length;
    console.log(`[size] @millimetric/track init+track: ${js.length} B minified, ${gz} B gzipped (limit ${LIMIT})`);
    expect(gz).toBeLessThanOrEqual(LIMIT);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
