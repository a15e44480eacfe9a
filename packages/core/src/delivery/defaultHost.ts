/**
 * The hosted Millimetric ingest API, where every SDK sends when no `host` is given (the
 * browser SDK, track-node and so every server adapter, a relay's upstream). One home, so a
 * move of the API is one edit.
 *
 * @example new MillimetricClient({ host: process.env.MILLIMETRIC_HOST ?? DEFAULT_HOST })
 */
export const DEFAULT_HOST = "https://api.millimetric.ai";
