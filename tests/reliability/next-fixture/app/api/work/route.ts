import { track } from "@millimetric/next/server";

// A handler that awaits before it tracks, so thousands of requests interleave: each
// event must still carry its own request's id. x-expect is the id the client sent.
export async function GET(req: Request) {
  const expect = req.headers.get("x-expect") ?? "";
  await new Promise((r) => setTimeout(r, Math.random() * 20));
  await Promise.resolve();
  await track({ event: "work", properties: { expect } });
  await new Promise((r) => setTimeout(r, Math.random() * 5));
  await track({ event: "work_done", properties: { expect } });
  return new Response("ok");
}
