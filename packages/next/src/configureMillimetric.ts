import type { MillimetricServerOptions } from "./MillimetricServerOptions";
import { policyOf, serverState } from "./serverState";

/**
 * Configures `track`, `identify` and `getAnonymousId` from `@millimetric/next/server`:
 * how to find the signed-in user, the key and host (default: `MILLIMETRIC_SECRET_KEY`,
 * `MILLIMETRIC_HOST`), delivery options, or your own client. Optional; call it once,
 * e.g. in `instrumentation.ts`'s `register()` or a module your server code imports.
 * Calling it again replaces the configuration (and the client, on its next use).
 *
 * @throws MillimetricTypeError (`invalid_config`) naming the option when `cookie` (or
 * `cookieName`) is not a valid cookie name or attribute.
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
  // Checked now, so a bad cookie option fails where it is written.
  const policy = policyOf(options);
  s.options = { ...options };
  s.policy = policy;
  // The next helper call makes the source anew from these options; the previous client
  // stays in the kit's registry, so flush() still delivers what it holds.
  s.source = undefined;
}
