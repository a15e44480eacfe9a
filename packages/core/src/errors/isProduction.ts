/**
 * Whether this runs as a production build or server (`NODE_ENV === "production"`). The
 * expression is written out literally so bundlers replace it; where there is no
 * `process` at all (a browser without a shim) it counts as production: never throw at
 * a visitor.
 */
export function isProduction(): boolean {
  try {
    return process.env.NODE_ENV === "production";
  } catch {
    return true;
  }
}
