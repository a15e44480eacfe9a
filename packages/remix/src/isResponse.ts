/** Duck-typed like the routers do, so Responses from another realm or polyfill count. */
export function isResponse(value: unknown): value is Response {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Response).status === "number" &&
    typeof (value as Response).statusText === "string" &&
    typeof (value as Response).headers === "object" &&
    typeof (value as Response).body !== "undefined"
  );
}
