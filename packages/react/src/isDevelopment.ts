/**
 * Whether this is a development build. `process.env.NODE_ENV` is written out literally so
 * bundlers replace it; the try covers browsers without a `process` shim.
 */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== "production";
  } catch {
    return true;
  }
}
