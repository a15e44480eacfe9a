import type { PagesRequest } from "./PagesRequest";

/** A `Headers` view (`get`, `has`) of the request's headers, whichever shape the Pages Router gave. */
export function requestHeaders(req: PagesRequest): Pick<Headers, "get" | "has"> {
  const h = req?.headers;
  if (!h) return { get: () => null, has: () => false };
  if (typeof (h as Headers).get === "function") return h as Headers;
  const record = h as Record<string, string | string[] | undefined>;
  const get = (name: string) => {
    const value = record[name.toLowerCase()];
    return Array.isArray(value) ? value.join(name.toLowerCase() === "cookie" ? "; " : ", ") : (value ?? null);
  };
  return { get, has: (name) => get(name) !== null };
}
