import type { Metadata } from "next";
import { IdsPanel } from "../IdsPanel";

export const metadata: Metadata = { title: "A static page · Millimetric demo" };

/**
 * No cookies(), headers(), searchParams or server-side track() here, and none in the root
 * layout: `next build` renders this page once and lists it as ○ (static). The visitor's id
 * still threads, because it never travels in the HTML.
 */
export default function StaticPage() {
  return (
    <>
      <h1>A static page</h1>
      <p className="lead">
        This page reads nothing from the request, so <code>next build</code> prerendered it once (<code>○ /static</code>{" "}
        in its route table) and every visitor gets the same HTML. The id still threads: <code>proxy.ts</code> runs in front
        of the prerendered page too, and sets the <code>aid</code> cookie (with <code>mm_minted</code> when it minted the
        id just now) on the response. In the browser, <code>&lt;MillimetricProvider&gt;</code> reads the{" "}
        <code>aid</code> cookie and adopts that id, so this pageview and every later server-side event carry the same{" "}
        <code>anonymous_id</code> — and a returning visitor whose cookie was cleared keeps the id in{" "}
        <code>localStorage</code>, written back to the cookie.
      </p>
      <IdsPanel prerendered />
    </>
  );
}
