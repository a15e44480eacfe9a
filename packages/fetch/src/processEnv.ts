/** An environment variable where the runtime has a `process` (Node, Bun, Deno, Workers with nodejs_compat); never throws. */
export function processEnv(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    return undefined;
  }
}
