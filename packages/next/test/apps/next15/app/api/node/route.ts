import { getAnonymousId, track } from "@millimetric/next/server";

export async function GET() {
  await track({ event: "node_hit" });
  return Response.json({ anonymous_id: (await getAnonymousId()) ?? null });
}

// Webhook-shaped: a server-to-server POST that knows the user, not the visitor.
export async function POST() {
  await track({ event: "node_webhook", user_id: "user_webhook" });
  return Response.json({ anonymous_id: (await getAnonymousId()) ?? null });
}
