import { getAnonymousId } from "@millimetric/next/server";
import { IdsPanel } from "../IdsPanel";
import { OptionB } from "./OptionB";

export default async function OptionBPage() {
  return (
    <>
      <h1>Option B · the first-party aid cookie</h1>
      <p className="lead">
        No fetch changes: <code>withMillimetric</code> in <code>proxy.ts</code> keeps the <code>aid</code> cookie, and{" "}
        <code>track()</code> from <code>@millimetric/next/server</code> reads it from the request. This app has no cookie
        code of its own.
      </p>
      <IdsPanel serverId={await getAnonymousId()} />
      <OptionB />
    </>
  );
}
