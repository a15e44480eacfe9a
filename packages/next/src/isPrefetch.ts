/**
 * Whether a request is a speculative prefetch (Next's router, `<link rel=prefetch>`,
 * browser speculation rules): nobody sees that page yet, so it gets no id of its own.
 */
export function isPrefetch(headers: Headers): boolean {
  return (
    headers.has("next-router-prefetch") ||
    headers.get("purpose") === "prefetch" ||
    /prefetch/i.test(headers.get("sec-purpose") ?? "") ||
    headers.get("x-moz") === "prefetch"
  );
}
