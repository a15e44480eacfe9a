import type { WaitUntil } from "./WaitUntil";

/**
 * The platform's `waitUntil` among a fetch handler's other arguments: the Workers
 * `ctx` (third argument), the Vercel/Netlify edge `context` (second); bound to its owner,
 * which Workers require. `undefined` where there is none (Bun's server, Deno's info).
 *
 * @example
 * ```ts
 * const waitUntil = waitUntilOf(rest); // rest: the handler's arguments after the request
 * ```
 */
export function waitUntilOf(args: readonly unknown[]): WaitUntil | undefined {
  for (const arg of args) {
    if (typeof arg !== "object" || arg === null) continue;
    let fn: unknown;
    try {
      fn = (arg as { waitUntil?: unknown }).waitUntil;
    } catch {
      continue;
    }
    if (typeof fn === "function") return (promise) => (fn as (p: Promise<unknown>) => void).call(arg, promise);
  }
  return undefined;
}
