import { createHmac, timingSafeEqual } from "node:crypto";
import { track } from "@millimetric/next/server";

interface CheckoutCompleted {
  id: string;
  type: string;
  data: { object: { id: string; amount_total: number; currency: string; metadata?: { anonymous_id?: string; user_id?: string } } };
}

// The demo's stand-in for stripe.webhooks.constructEvent: `t=<unix>,v1=<hmac of "t.body">`.
function verify(body: string, header: string | null): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=") as [string, string]));
  if (!parts.t || !parts.v1 || Math.abs(Date.now() / 1000 - Number(parts.t)) > 300) return false;
  const expected = createHmac("sha256", process.env.DEMO_WEBHOOK_SECRET ?? "whsec_demo_local_only").update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A webhook is a server-side track() with idempotency: the provider's event id is the
 * event_id, so a redelivery is stored once. It has no visitor cookie — the anonymous id
 * rides in the checkout session's metadata, put there when the visitor clicked Buy.
 */
export async function POST(req: Request) {
  const body = await req.text();
  if (!verify(body, req.headers.get("stripe-signature"))) return Response.json({ error: "bad signature" }, { status: 400 });
  const event = JSON.parse(body) as CheckoutCompleted;
  if (event.type === "checkout.session.completed") {
    const session = event.data.object;
    await track({
      event: "completed_checkout",
      event_id: event.id,
      anonymous_id: session.metadata?.anonymous_id,
      user_id: session.metadata?.user_id,
      properties: { order_id: session.id, amount_cents: session.amount_total, currency: session.currency },
    });
  }
  // track() flushes after the response (next/server after()), so nothing waits here.
  return Response.json({ received: true });
}
