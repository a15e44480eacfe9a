import { processEnv } from "./processEnv";

/**
 * `key` and `host` from a Cloudflare Workers `env` (the handler's second argument:
 * secrets and vars `MILLIMETRIC_SECRET_KEY`, `MILLIMETRIC_HOST`), for the variables the
 * process environment does not have. Workers hand the environment to each request
 * instead of `process.env`, so this is where a Worker's key is. `undefined` when `env`
 * holds neither (Bun's server, Deno's connection info).
 */
export function bindingOptions(bindings: unknown): { key?: string; host?: string } | undefined {
  if (typeof bindings !== "object" || bindings === null) return undefined;
  const read = (name: string): string | undefined => {
    if (processEnv(name)) return undefined;
    try {
      const value = (bindings as Record<string, unknown>)[name];
      return typeof value === "string" && value !== "" ? value : undefined;
    } catch {
      return undefined;
    }
  };
  const key = read("MILLIMETRIC_SECRET_KEY");
  const host = read("MILLIMETRIC_HOST");
  return key || host ? { key, host } : undefined;
}
