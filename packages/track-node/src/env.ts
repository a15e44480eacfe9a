/**
 * An environment variable where the runtime has a `process` (Node, Bun, Deno, Next edge,
 * Workers with nodejs_compat); `undefined` when unset or empty. Never throws: Deno without
 * `--allow-env` refuses the read, and that is "not set" here, not a crash.
 */
export function env(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    return undefined;
  }
}
