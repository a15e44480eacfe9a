"use server";
import { createHash } from "node:crypto";
import { getAnonymousId, identify, track } from "@millimetric/next/server";

export interface SignupState {
  error?: string;
  userId?: string;
  anonymousId?: string;
}

/**
 * The canonical signup event comes from the server (the browser may be blocked or gone):
 * `signup` and `$identify` both carry this visitor's anonymous id, read from the request.
 */
export async function signup(_: SignupState, form: FormData): Promise<SignupState> {
  const email = String(form.get("email") ?? "").trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return { error: "Enter an email address like ada@example.com." };
  const plan = form.get("plan") === "pro" ? "pro" : "free";
  // A stable demo user id; a real app would use the id its database assigned.
  const userId = "user_" + createHash("sha256").update(email).digest("hex").slice(0, 12);
  await track({ event: "signup", user_id: userId, properties: { plan } });
  await identify({ user_id: userId, traits: { plan } });
  return { userId, anonymousId: await getAnonymousId() };
}
