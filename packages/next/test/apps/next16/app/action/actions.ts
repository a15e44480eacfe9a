"use server";
import { track } from "@millimetric/next/server";

export async function submitForm(): Promise<void> {
  await track({ event: "action_submit" });
}
