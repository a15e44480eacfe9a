import { readFile } from "node:fs/promises";
import { HttpError } from "../server/HttpError";
import type { RouteRequest } from "../server/Route";

/**
 * `GET /v1/a.js`: the browser SDK's script-tag build, read from disk on every request
 * so a rebuild of the SDK shows up on reload; 503 `script_unavailable` until it is built.
 *
 * @example
 * ```ts
 * { method: "GET", path: "/v1/a.js", handle: handleLoaderScript } // a row of routeTable
 * ```
 */
export async function handleLoaderScript({ ctx, res }: RouteRequest): Promise<void> {
  const path = ctx.scriptPath();
  let source: Buffer | undefined;
  try {
    if (path !== undefined) source = await readFile(path);
  } catch (err) {
    // Missing is the expected "not built yet"; anything else is a real failure (a 500).
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (source === undefined) {
    throw new HttpError(503, "script_unavailable", {
      message:
        "[millimetric] the browser SDK's script-tag build is not there yet: build it with " +
        "`npm run build -w @millimetric/track` (it is @millimetric/track's dist/a.js), then reload",
      path: path ?? null,
    });
  }
  res.writeHead(200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Content-Length": source.length,
    "Cache-Control": "no-cache",
    // Pages on other origins load it with a plain <script src>.
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(source);
}
