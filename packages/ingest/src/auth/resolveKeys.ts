import { MillimetricTypeError } from "@millimetric/core";
import { randomHex } from "@millimetric/core/internal";
import type { EventStore } from "../store/EventStore";
import type { IngestKeys } from "../server/IngestOptions";
import { parseApiKey, type KeyKind } from "./parseApiKey";

const SLOTS: [keyof IngestKeys, KeyKind, string][] = [
  ["publishable", "pk", "MILLIMETRIC_PUBLISHABLE_KEY"],
  ["secret", "sk", "MILLIMETRIC_SECRET_KEY"],
  ["read", "rk", "MILLIMETRIC_READ_KEY"],
];

/**
 * The keys in force, each from (in order) the options, its env var, the database, or
 * freshly generated and stored so it survives a restart. Throws on a key of the
 * wrong shape or kind, naming where it came from.
 *
 * @example
 * ```ts
 * resolveKeys(store, { secret: "sk_test_00000000_000000000000000000000000" }, process.env)
 * // { publishable: "pk_test_…", secret: "sk_test_00000000_…", read: "rk_test_…" }
 * ```
 */
export function resolveKeys(
  store: EventStore,
  given: Partial<IngestKeys> = {},
  env: Record<string, string | undefined> = {},
): IngestKeys {
  const keys = {} as IngestKeys;
  for (const [slot, kind, envName] of SLOTS) {
    const fromOption = given[slot];
    const fromEnv = env[envName] || undefined;
    const key = fromOption ?? fromEnv ?? store.getKey(kind);
    if (key === undefined) {
      keys[slot] = `${kind}_test_${randomHex(4)}_${randomHex(16)}`;
      store.setKey(kind, keys[slot]);
      continue;
    }
    const where = fromOption !== undefined ? `options.keys.${slot}` : fromEnv !== undefined ? envName : "the database";
    const parsed = parseApiKey(key);
    if (!parsed || parsed.kind !== kind) {
      throw new MillimetricTypeError(
        "invalid_key",
        `[millimetric] ${where} must be a ${kind}_ key shaped {kind}_{env}_{prefix}_{secret}, e.g. ` +
          `${kind}_test_1a2b3c4d_<24+ letters, digits, "_" or "-">`,
      );
    }
    keys[slot] = key;
  }
  return keys;
}
