"use server";
import { createHmac, randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { getAnonymousId } from "@millimetric/next/server";

export interface BuyResult {
  eventId: string;
  deliveries: number[];
}

/**
 * Plays Stripe: creates a checkout session carrying the visitor's anonymous id in its
 * metadata (that is how the webhook, which has no cookie, knows the visitor), completes
 * it, and delivers the `checkout.session.completed` webhook — twice, as providers do on
 * a timeout, to show that the event is stored once.
 */
export async function buy(): Promise<BuyResult> {
  const anonymous_id = await getAnonymousId();
  const session = { id: `cs_test_${randomUUID().replace(/-/g, "")}`, amount_total: 4900, currency: "usd", metadata: { anonymous_id } };
  const event = { id: `evt_${randomUUID().replace(/-/g, "")}`, type: "checkout.session.completed", data: { object: session } };
  const body = JSON.stringify(event);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host")}`;
  const deliveries: number[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac("sha256", process.env.DEMO_WEBHOOK_SECRET ?? "whsec_demo_local_only").update(`${t}.${body}`).digest("hex");
    const res = await fetch(`${origin}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` }, body });
    deliveries.push(res.status);
  }
  return { eventId: event.id, deliveries };
}
