// Item 4b: per-call cost of withMillimetric() on real NextRequests vs a pass-through
// proxy, for new visitors (no cookie → mint + Set-Cookie + forwarded request header)
// and returning ones. `node next-proxy.mjs` prints JSON.
import { NextRequest, NextResponse } from "next/server.js";
import { withMillimetric } from "@millimetric/next";

const N = 20_000;
const passThrough = () => NextResponse.next();
const ours = withMillimetric();

async function perSecond(fn, cookie) {
  const reqs = Array.from({ length: N }, () => new NextRequest("http://127.0.0.1:3000/pricing", { headers: cookie ? { cookie } : {} }));
  for (let i = 0; i < 500; i++) await fn(reqs[i]); // warm-up
  const t0 = performance.now();
  for (const r of reqs) await fn(r);
  return Math.round(N / ((performance.now() - t0) / 1000));
}

export async function nextRound() {
  const cookie = "aid=u_0123456789abcdef0123456789abcdef; theme=dark";
  return {
    "passthrough:new": await perSecond(passThrough),
    "withMillimetric:new": await perSecond(ours),
    "passthrough:returning": await perSecond(passThrough, cookie),
    "withMillimetric:returning": await perSecond(ours, cookie),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await nextRound()));
