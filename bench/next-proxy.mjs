// Goal 3: CPU µs per call of withMillimetric() on real NextRequests carrying the headers a
// browser's navigation has behind `next start` (about twenty), against a pass-through
// proxy returning NextResponse.next(). New visitors have no aid cookie (mint, Set-Cookie,
// the id forwarded on the request); returning ones have a valid one. Every handled request
// forwards the URL header, so both copy the request headers into Next's override. The
// "minimal" cells carry one or two headers, for the per-call floor. "handWritten" is the
// same job done by hand with Next's documented API.
// `node next-proxy.mjs [rounds=8]` prints one JSON line: per-round µs per call.
import { NextRequest, NextResponse } from "next/server.js";
import { withMillimetric } from "@millimetric/next";
import { cpuSinceUs, rotate } from "./lib/stats.mjs";

const ROUNDS = Number(process.argv[2] ?? 8);
const CALLS = Number(process.env.BENCH_NEXT_CALLS ?? 20_000);
const POOL = 1000;

// What Chrome sends on a navigation, plus what `next start` adds before the proxy runs.
const BROWSER = {
  host: "shop.example",
  connection: "keep-alive",
  "sec-ch-ua": '"Chromium";v="136", "Google Chrome";v="136", "Not.A/Brand";v="99"',
  "sec-ch-ua-mobile": "?0",
  "sec-ch-ua-platform": '"macOS"',
  "upgrade-insecure-requests": "1",
  "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
  "sec-fetch-site": "none",
  "sec-fetch-mode": "navigate",
  "sec-fetch-user": "?1",
  "sec-fetch-dest": "document",
  "accept-encoding": "gzip, deflate, br, zstd",
  "accept-language": "en-US,en;q=0.9",
  "x-forwarded-host": "shop.example",
  "x-forwarded-port": "443",
  "x-forwarded-proto": "https",
  "x-forwarded-for": "203.0.113.7",
};
const RETURNING = { ...BROWSER, cookie: "aid=u_0123456789abcdef0123456789abcdef; theme=dark; _ga=GA1.1.123456789.1700000000" };
const NEW = { ...BROWSER, cookie: "theme=dark" };
// The smallest request that still mints: one browser signal (and the cookie, returning).
const MINIMAL_NEW = { accept: "text/html" };
const MINIMAL_RETURNING = { accept: "text/html", cookie: "aid=u_0123456789abcdef0123456789abcdef" };

const passThrough = () => NextResponse.next();
const ours = withMillimetric();
// The same job written by hand with Next's documented API, in the fewest lines: the id from
// the cookie or a random UUID, the URL and (for a new visitor) the cookie forwarded on the
// request through `NextResponse.next({ request: { headers } })`, the cookie set on the
// response. What any proxy that hands server code a header pays; the floor for ours.
function handWritten(request) {
  const headers = new Headers(request.headers);
  headers.set("x-url", request.url);
  const known = request.cookies.get("aid")?.value;
  const id = known ?? "u_" + crypto.randomUUID().replaceAll("-", "");
  if (!known) headers.set("cookie", [headers.get("cookie"), `aid=${id}`].filter(Boolean).join("; "));
  const response = NextResponse.next({ request: { headers } });
  if (!known) response.cookies.set("aid", id, { path: "/", maxAge: 31_536_000, sameSite: "lax", secure: true });
  return response;
}
const pool = (headers) => Array.from({ length: POOL }, (_, i) => new NextRequest(`https://shop.example/products/${i}?ref=bench`, { headers }));
const requests = { new: pool(NEW), returning: pool(RETURNING), minimalNew: pool(MINIMAL_NEW), minimalReturning: pool(MINIMAL_RETURNING) };

/** CPU µs per call of `fn` over CALLS requests (awaited one by one, as Next does). */
async function perCall(fn, reqs) {
  for (let i = 0; i < 2000; i++) await fn(reqs[i % POOL]); // warm-up
  const t0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await fn(reqs[i % POOL]);
  return cpuSinceUs(t0) / CALLS;
}

const VARIANTS = [
  ["new", requests.new],
  ["returning", requests.returning],
  ["minimal-new", requests.minimalNew],
  ["minimal-returning", requests.minimalReturning],
];
const CELLS = VARIANTS.flatMap(([v, reqs]) => [
  [`passthrough:${v}`, passThrough, reqs],
  [`withMillimetric:${v}`, ours, reqs],
  [`handWritten:${v}`, handWritten, reqs],
]);
// Sanity: the new-visitor requests really mint, the returning ones really do not, and both
// proxies forward the URL.
for (const proxy of [ours, handWritten]) {
  for (const reqs of [requests.new, requests.minimalNew]) {
    if (!(await proxy(reqs[0])).headers.getSetCookie().some((c) => c.startsWith("aid=u_"))) throw new Error("[millimetric] bench: a new-visitor request was not minted");
  }
  for (const reqs of [requests.returning, requests.minimalReturning]) {
    const response = await proxy(reqs[0]);
    if (response.headers.getSetCookie().length) throw new Error("[millimetric] bench: a returning visitor got a Set-Cookie");
    if (!/\bx-(millimetric-)?url\b/.test(response.headers.get("x-middleware-override-headers") ?? "")) throw new Error("[millimetric] bench: the URL was not forwarded");
  }
}

const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const out = {};
  for (const [name, fn, reqs] of rotate(CELLS, r)) out[name] = await perCall(fn, reqs);
  rounds.push(out);
}
console.log(JSON.stringify({ node: process.version, calls: CALLS, rounds }));
