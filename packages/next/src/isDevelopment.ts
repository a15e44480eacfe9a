/** Whether this is a development build (`process.env.NODE_ENV` literal, so bundlers inline it). */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV !== "production";
}
