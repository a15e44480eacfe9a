import { track } from "@millimetric/next/server";

// The serverless shape: track and return at once; after() delivers after the response.
export async function POST() {
  await track({ event: "fast" });
  return new Response(null, { status: 204 });
}
