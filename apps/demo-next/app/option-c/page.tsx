import { getAnonymousId } from "@millimetric/next/server";
import { IdsPanel } from "../IdsPanel";

export default async function OptionCPage() {
  return (
    <>
      <h1>Option C · the server owns the id</h1>
      <p className="lead">
        <code>withMillimetric()</code> in <code>proxy.ts</code> decides the id before anything renders: it keeps the
        visitor&apos;s <code>aid</code> cookie, or mints one and sets it with a five-minute <code>mm_minted</code> companion
        holding the same id. <code>&lt;MillimetricProvider&gt;</code> reads the cookie in the browser and adopts that id, so
        nothing in the page hands it over and the page itself may be static. An id from an existing cookie wins over the
        one in <code>localStorage</code>. One exception keeps returning visitors whole: when the id was minted on this very
        request (the cookie was gone) but the browser already has one, the browser&apos;s id wins and is written back to
        the cookie, which the server follows from the next request on.
      </p>
      <IdsPanel serverId={await getAnonymousId()} />
      <pre>{`// proxy.ts
export const proxy = withMillimetric();
// app/layout.tsx — nothing in <head>
<body><MillimetricProvider>{children}</MillimetricProvider></body>
// first visit, the response:
Set-Cookie: aid=u_…; Path=/; Max-Age=31536000; SameSite=Lax
Set-Cookie: mm_minted=u_…; Path=/; Max-Age=300; SameSite=Lax`}</pre>
    </>
  );
}
