import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "../server/HttpError";
import type { IngestKeys } from "../server/IngestOptions";
import { parseApiKey, type ParsedApiKey } from "./parseApiKey";

/** Where a request's key came from. */
export interface Authenticated extends ParsedApiKey {
  /** True when the key came from the `key` query parameter (the page-exit beacon). */
  fromQuery: boolean;
}

const EXPECTED = "{kind}_{env}_{prefix}_{secret}, e.g. pk_test_1a2b3c4d_<24+ characters>";
const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Builds the key check for the keys in force. The returned function reads
 * `Authorization: Bearer <key>`, or, when `allowQueryKey` and no header is sent, the
 * `key` query parameter (which may only carry a `pk_` key: it ends up in logs), and
 * throws the protocol's 401/403 answers. Keys are compared in constant time.
 *
 * @example
 * ```ts
 * const authenticate = createAuthenticator(keys);
 * const { kind } = authenticate(req, query, true); // "pk" | "sk" | "rk"
 * ```
 */
export function createAuthenticator(
  keys: IngestKeys,
): (req: IncomingMessage, query: URLSearchParams, allowQueryKey: boolean) => Authenticated {
  const known = Object.values(keys).map(digest);
  const isKnown = (key: string) => {
    const d = digest(key);
    let found = false;
    for (const k of known) found = timingSafeEqual(d, k) || found;
    return found;
  };
  return (req, query, allowQueryKey) => {
    const header = req.headers.authorization;
    let key: string | undefined;
    let fromQuery = false;
    if (header !== undefined) {
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
      if (!m) {
        throw new HttpError(401, "missing_bearer_token", {
          message: "[millimetric] the Authorization header must be `Bearer <key>` (pk_ from a browser, sk_ from a server)",
        });
      }
      key = m[1]!;
    } else if (allowQueryKey && query.has("key")) {
      key = query.get("key")!;
      fromQuery = true;
    } else {
      throw new HttpError(401, "missing_bearer_token", {
        message: "[millimetric] send your key as `Authorization: Bearer <key>` (pk_ from a browser, sk_ from a server)",
      });
    }
    const parsed = parseApiKey(key);
    if (!parsed) {
      throw new HttpError(401, "malformed_api_key", { message: `[millimetric] an API key looks like ${EXPECTED}` });
    }
    if (fromQuery && parsed.kind !== "pk") {
      throw new HttpError(403, "insufficient_scope", {
        message: `[millimetric] only a pk_ key may be sent in the key query parameter; send ${parsed.kind}_ keys as Authorization: Bearer, and rotate this one: URLs end up in logs`,
        key_kind: parsed.kind,
      });
    }
    if (!isKnown(key)) {
      throw new HttpError(401, "invalid_api_key", {
        message: `[millimetric] ${parsed.id}_… is not a key of this server; use a key printed at its start (or fix them with MILLIMETRIC_*_KEY)`,
        key: parsed.id,
      });
    }
    return { ...parsed, fromQuery };
  };
}
