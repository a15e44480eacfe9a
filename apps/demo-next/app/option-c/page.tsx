import { getAnonymousId } from "@millimetric/next/server";
import { IdsPanel } from "../IdsPanel";

export default async function OptionCPage() {
  return (
    <>
      <h1>Option C · the server owns the id</h1>
      <p className="lead">
        <code>&lt;MillimetricScript /&gt;</code> in the root layout writes <code>window.__aid</code> — the id the server
        used for this request and whether it minted it just now — and <code>&lt;MillimetricProvider&gt;</code> adopts it.
        One exception keeps returning visitors whole: when the server minted an id on this very request (the cookie was
        gone) but the browser already has one, the browser&apos;s id wins and is written back to the cookie.
      </p>
      <IdsPanel serverId={await getAnonymousId()} />
      <pre>{`// app/layout.tsx
<head><MillimetricScript /></head>
<body><MillimetricProvider>{children}</MillimetricProvider></body>`}</pre>
    </>
  );
}
