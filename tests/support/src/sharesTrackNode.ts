import { expect } from "vitest";

/**
 * Checks that an adapter's entry re-exports track-node itself, not a copy: the same
 * `MillimetricClient` class (one `instanceof`, one default client) and the same request
 * context (an id set through the adapter is what track-node's `getContext()` reads).
 *
 * @example
 * ```ts
 * await expectSharesTrackNode(await import("@millimetric/express"));
 * ```
 */
export async function expectSharesTrackNode(api: {
  MillimetricClient: unknown;
  runWithContext<T>(context: { anonymous_id?: string }, fn: () => T): T;
}): Promise<void> {
  const trackNode = await import("@millimetric/track-node");
  const context = await import("@millimetric/track-node/context");
  expect(api.MillimetricClient).toBe(trackNode.MillimetricClient);
  expect(api.runWithContext({ anonymous_id: "u_1" }, () => context.getContext()?.anonymous_id)).toBe("u_1");
}
