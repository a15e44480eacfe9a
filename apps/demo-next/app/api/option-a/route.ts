import { track } from "@millimetric/next/server";

// Option A: the id arrives in the body. An explicit anonymous_id wins over the cookie.
export async function POST(req: Request) {
  const body = (await req.json().catch(() => ({}))) as { anonymous_id?: unknown };
  const anonymous_id = typeof body.anonymous_id === "string" ? body.anonymous_id : undefined;
  await track({ event: "option_a_called", anonymous_id });
  return Response.json({ serverSaw: anonymous_id ?? null });
}
