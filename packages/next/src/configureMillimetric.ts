import type { MillimetricServerOptions } from "./MillimetricServerOptions";
import { serverState } from "./serverState";

/**
 * Configures `track`, `identify` and `getAnonymousId` from `@millimetric/next/server`:
 * how to find the signed-in user, the key and host (default: `MILLIMETRIC_SECRET_KEY`,
 * `MILLIMETRIC_HOST`), delivery options, or your own client. Optional; call it once,
 * e.g. in `instrumentation.ts`'s `register()` or a module your server code imports.
 * Calling it again replaces the configuration (and the client, on its next use).
 *
 * @example
 * ```ts
 * // instrumentation.ts
 * export async function register() {
 *   const { configureMillimetric } = await import("@millimetric/next/server");
 *   configureMillimetric({ getUserId: async () => (await auth())?.user?.id });
 * }
 * ```
 */
export function configureMillimetric(options: MillimetricServerOptions = {}): void {
  const s = serverState();
  s.options = { ...options };
  // The next helper call makes the source anew from these options; the previous client
  // stays in the kit's registry, so flush() still delivers what it holds.
  s.source = undefined;
}
