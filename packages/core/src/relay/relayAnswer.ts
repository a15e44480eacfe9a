/** An error answer of the relay in the ingest's shape: `{"error": code, "details": {message, …}}`, never cached. */
export function relayAnswer(status: number, code: string, message: string, headers: Record<string, string> = {}, details: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ error: code, details: { message, ...details } }), {
    status,
    headers: { ...headers, "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}
