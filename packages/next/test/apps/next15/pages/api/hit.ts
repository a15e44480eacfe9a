import type { NextApiRequest, NextApiResponse } from "next";
import { getAnonymousId, track } from "@millimetric/next/pages";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === "POST") {
    // Webhook-shaped: a server-to-server POST that knows the user, not the visitor.
    await track(req, { event: "pages_webhook", user_id: "user_webhook" });
  } else {
    await track(req, { event: "pages_api_hit" });
  }
  res.status(200).json({ anonymous_id: getAnonymousId(req) ?? null });
}
