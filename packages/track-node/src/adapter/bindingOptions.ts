import { env } from "../env";

/**
 * `key` and `host` from an environment object a platform hands each request instead of
 * `process.env` (the Cloudflare Workers `env`: secrets and vars `MILLIMETRIC_SECRET_KEY`,
 * `MILLIMETRIC_HOST`), for the variables the process environment does not have.
 * `undefined` when it holds neither (Bun's server, Deno's connection info, no argument).
 */
export function bindingOptions(bindings: unknown): { key?: string; host?: string } | undefined {
  if (typeof bindings !== "object" || bindings === null) return undefined;
  const read = (name: string): string | undefined => {
    if (env(name)) return undefined;
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
