import { getAnonymousId } from "@millimetric/next/server";
import { IdsPanel } from "../IdsPanel";
import { OptionA } from "./OptionA";

export default async function OptionAPage() {
  return (
    <>
      <h1>Option A · the id in the request body</h1>
      <p className="lead">
        The simplest: the browser includes the SDK&apos;s anonymous id in the body of its own API call, and the route
        handler passes it to <code>track()</code>. Works with no cookie at all.
      </p>
      <IdsPanel serverId={await getAnonymousId()} />
      <OptionA />
      <pre>{`// browser
await fetch("/api/option-a", { method: "POST", body: JSON.stringify({ anonymous_id: getAnonymousId() }) });
// app/api/option-a/route.ts
const { anonymous_id } = await req.json();
await track({ event: "option_a_called", anonymous_id });`}</pre>
    </>
  );
}
