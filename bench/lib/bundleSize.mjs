import { build } from "esbuild";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const resolveDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * Minified size of an app entry as a browser bundle (esbuild, ESM, minify), with gzip -9
 * and brotli q11. `external` leaves shared framework code (react) out of the figure.
 */
export async function bundleSize(code, external = []) {
  const out = await build({
    stdin: { contents: code, resolveDir, loader: "tsx" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    write: false,
    external,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const bytes = out.outputFiles[0].contents;
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
