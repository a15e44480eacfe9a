/** The relay's default body cap: 1 MiB, the ingest's own cap for `POST /v1/batch`. */
export const RELAY_MAX_BODY_BYTES = 1024 * 1024;

/** Where the adapters mount the relay unless told otherwise. */
export const RELAY_DEFAULT_PATH = "/_mm";

/**
 * The first-party cookie that tells the browser provider a relay is on: its value is the
 * relay's path (`mm_relay=/_mm`). Not HttpOnly: the provider reads it.
 */
export const RELAY_COOKIE = "mm_relay";

/** A relay path as the cookie and the options may carry it: `/` and then path characters only. */
export const RELAY_PATH_PATTERN = /^\/[A-Za-z0-9_\-.~/]{0,100}$/;
