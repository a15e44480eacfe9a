/** A Node/Express request as the adapters hand it to `getLoadContext`. */
interface NodeRequestLike {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
  secure?: boolean;
  protocol?: string;
}

/**
 * The Web `Request` among `getLoadContext`'s arguments — `(request)`, `({ request })`
 * (Cloudflare) — or a stand-in read from a Node request `(req, res)` (Express adapters).
 */
export function toRequestLike(first: unknown): Request | undefined {
  if (typeof first !== "object" || first === null) return undefined;
  const candidate = first as { headers?: unknown; url?: unknown; request?: unknown };
  if (typeof (candidate.headers as Headers | undefined)?.get === "function" && typeof candidate.url === "string") return first as Request;
  if (candidate.request) return toRequestLike(candidate.request);
  if (typeof candidate.headers === "object" && candidate.headers !== null) {
    const node = first as NodeRequestLike;
    const https = node.secure === true || node.protocol === "https";
    return {
      url: `${https ? "https" : "http"}://localhost${node.url ?? "/"}`,
      method: node.method ?? "GET",
      headers: {
        get(name: string): string | null {
          const value = node.headers[name.toLowerCase()];
          return value == null ? null : Array.isArray(value) ? value.join(", ") : value;
        },
      },
    } as Request;
  }
  return undefined;
}
