import { getAnonymousId, track } from "@millimetric/next/server";
import { Suspense } from "react";

// Under cacheComponents, request data is read inside a <Suspense> boundary: the shell
// prerenders, this part renders per request.
async function TrackedView() {
  await track({ event: "cache_tracked_view" });
  return <p id="server-aid">{(await getAnonymousId()) ?? ""}</p>;
}

export default function TrackedPage() {
  return (
    <main>
      <h1 id="ready">Tracked</h1>
      <Suspense fallback={null}>
        <TrackedView />
      </Suspense>
    </main>
  );
}
