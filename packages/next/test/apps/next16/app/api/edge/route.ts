import { getAnonymousId, track } from "@millimetric/next/server";

export const runtime = "edge";

export async function GET() {
  await track({ event: "edge_hit" });
  return Response.json({ anonymous_id: (await getAnonymousId()) ?? null });
}
