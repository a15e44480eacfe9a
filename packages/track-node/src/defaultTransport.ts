import type { ClosableTransport } from "./ClosableTransport";

// Empty in the main entry (fetch everywhere: edge runtimes, Bun, Deno); the Node entry
// (index.node.ts, chosen by the `node` export condition) fills it with node:http.
let factory: (() => ClosableTransport) | undefined;

/** Sets how clients that were given no `fetch` send; called by the Node entry only. */
export function setDefaultTransport(make: () => ClosableTransport): void {
  factory = make;
}

/** A new transport for one client, or `undefined` for the engine's `fetch`. */
export function defaultTransport(): ClosableTransport | undefined {
  return factory?.();
}
