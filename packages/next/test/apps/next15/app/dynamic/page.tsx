import { getAnonymousId, track } from "@millimetric/next/server";

// A server component tracking during the request: the track() call is what makes it dynamic.
export default async function DynamicPage() {
  await track({ event: "dynamic_view" });
  return (
    <main>
      <h1 id="ready">Dynamic</h1>
      <p id="server-aid">{(await getAnonymousId()) ?? ""}</p>
    </main>
  );
}
