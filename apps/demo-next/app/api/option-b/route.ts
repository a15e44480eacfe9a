import { getAnonymousId, track } from "@millimetric/next/server";

// Option B: nothing in the body; the id comes from the aid cookie on the request.
export async function POST() {
  await track({ event: "option_b_called" });
  return Response.json({ serverSaw: await getAnonymousId() });
}
