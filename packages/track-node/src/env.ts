/** Reads an environment variable where there is a `process` (Node, Bun, Next edge). */
export function env(name: string): string | undefined {
  return typeof process === "undefined" ? undefined : process.env?.[name];
}
