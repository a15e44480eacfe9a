import type { AidCookieOptions } from "@millimetric/track";

/**
 * The `aid` cookie as `<MillimetricProvider cookie={…}>` takes it: the attributes your
 * server adapter uses when you changed them (`secure` follows the page's scheme), and
 * whether the browser keeps that cookie equal to its id.
 */
export interface MillimetricCookieOptions extends Omit<AidCookieOptions, "secure"> {
  /**
   * Write the browser's id into this cookie when the SDK starts and whenever it changes,
   * with these attributes (what `cookie={true}` does with the defaults). For an SPA that no
   * Millimetric server renders, on a site whose other hosts read the cookie: with
   * `domain: "example.com"` an API on `api.example.com` and pages on `www.example.com`
   * see the SPA's id from its first request. Without it the cookie is read, and written
   * only when the browser's stored id wins over one a server minted.
   * @default false
   * @example <MillimetricProvider apiKey={key} cookie={{ domain: "example.com", mirror: true }}>
   */
  mirror?: boolean;
}
