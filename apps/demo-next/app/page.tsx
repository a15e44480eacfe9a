import Link from "next/link";
import { getAnonymousId, track } from "@millimetric/next/server";
import { IdsPanel } from "./IdsPanel";
import { SayHi } from "./SayHi";

export default async function Home() {
  // A server event from the very request that rendered this page: on a first visit it
  // already carries the id the proxy minted, the same one the browser adopts.
  await track({ event: "home_rendered", path: "/" });
  const serverId = await getAnonymousId();
  return (
    <>
      <h1>One visitor, browser and server</h1>
      <p className="lead">
        Every event this visitor causes — pageviews and clicks in the browser, a signup in a server action, a purchase
        arriving by webhook, a backfill — carries the same <code>anonymous_id</code>. Open the{" "}
        <a href={`${process.env.MILLIMETRIC_BROWSER_HOST ?? process.env.NEXT_PUBLIC_MILLIMETRIC_HOST}/`}>events page</a> of the
        local ingest server to see them stitched.
      </p>
      <IdsPanel serverId={serverId} />
      <p>
        <SayHi /> <span className="note">a browser event, batched by the SDK</span>
      </p>
      <div className="grid">
        <Link href="/option-a">
          <b>A · id in the request body</b>
          <span className="note">The browser sends getAnonymousId() with its fetch.</span>
        </Link>
        <Link href="/option-b">
          <b>B · the aid cookie</b>
          <span className="note">The server reads the first-party cookie; no fetch changes.</span>
        </Link>
        <Link href="/option-c">
          <b>C · server-owned id</b>
          <span className="note">proxy.ts mints the id into the aid cookie; the browser adopts it.</span>
        </Link>
        <Link href="/signup">
          <b>Sign up (server action)</b>
          <span className="note">signup + $identify from the server, stitched to this visitor.</span>
        </Link>
        <Link href="/shop">
          <b>Buy (webhook)</b>
          <span className="note">A Stripe-style webhook, delivered twice, stored once.</span>
        </Link>
        <Link href="/static">
          <b>A static page</b>
          <span className="note">Rendered once at build time; the browser still adopts the visitor&apos;s id from the cookie.</span>
        </Link>
        {/* Another router: a full page load, not a client-side <Link> navigation. */}
        <a href="/legacy">
          <b>Pages Router</b>
          <span className="note">getServerSideProps tracks with the request&apos;s id (@millimetric/next/pages).</span>
        </a>
      </div>
    </>
  );
}
