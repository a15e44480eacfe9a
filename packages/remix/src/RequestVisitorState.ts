import type { RequestMillimetric } from "@millimetric/track-node/adapter";

/**
 * What the loaders and actions of one request share about its visitor: the kit's visitor
 * fields (`anonymousId`, `minted`, `optedOut`, `payload`) as `@millimetric/fetch`'s request
 * scope decided them (or a wrapper in front did), plus what applying them here takes.
 */
export interface RequestVisitorState extends Pick<RequestMillimetric, "anonymousId" | "minted" | "optedOut" | "payload"> {
  /** The `Set-Cookie` values a result of ours must carry; none when the cookie holds the id, or a wrapper in front (or the Node response) sets it. */
  setCookies: readonly string[];
  /** The request's lazy user id (`getUserId`), if any. */
  readonly userId: (() => string | undefined) | undefined;
  /** Decided by a helper whose result carries `setCookies`, so it could mint; `false`: read by `track(args)` & co., which never mint. */
  readonly owned: boolean;
  /** The cookie it was read from. */
  readonly cookieName: string;
  /** The raw `Cookie` and `x-millimetric-anonymous-id` headers it was made from: reused only by a request sending exactly these. */
  readonly from: { readonly cookie: string | null; readonly header: string | null };
}
