import type { createAuthenticator } from "../auth/createAuthenticator";
import type { EventStore } from "../store/EventStore";
import type { RateLimiter } from "../auth/RateLimiter";

/** What the request handler needs from {@link startIngest}. */
export interface HandlerContext {
  store: EventStore;
  authenticate: ReturnType<typeof createAuthenticator>;
  isAllowedOrigin: (origin: string) => boolean;
  allowedOrigins: readonly string[];
  /** The Host rule (loopback names and addresses, plus `allowedHosts`). */
  isAllowedHost: (host: string | undefined) => boolean;
  allowedHosts: readonly string[];
  limiter: RateLimiter;
  /** Path of a.js, resolved per request; undefined when the SDK package is missing. */
  scriptPath: () => string | undefined;
  onError: (error: unknown) => void;
  /** True once close() was called: answers then carry `Connection: close`. */
  isClosing: () => boolean;
  /** The rate-limit bucket owner (one local project). */
  project: string;
}
