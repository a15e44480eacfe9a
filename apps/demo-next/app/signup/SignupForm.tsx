"use client";
import { useMillimetric } from "@millimetric/next/client";
import { useActionState, useEffect } from "react";
import { signup, type SignupState } from "./actions";

export function SignupForm() {
  const [state, action, pending] = useActionState<SignupState, FormData>(signup, {});
  const mm = useMillimetric();
  // The server identified the visitor; tell the browser SDK so its later events carry the user id.
  useEffect(() => {
    if (state.userId) mm.identify(state.userId);
  }, [state.userId, mm]);
  return (
    <form action={action} className="card">
      <h2>Create an account</h2>
      <p style={{ display: "flex", gap: 10, flexWrap: "wrap" }}>
        <input name="email" type="email" defaultValue="ada@example.com" aria-label="Email" required />
        <select name="plan" aria-label="Plan" defaultValue="free" style={{ font: "inherit", padding: 7, borderRadius: 8 }}>
          <option value="free">Free</option>
          <option value="pro">Pro</option>
        </select>
        <button disabled={pending}>{pending ? "Signing up…" : "Sign up"}</button>
      </p>
      {state.error && <p className="mismatch">{state.error}</p>}
      {state.userId && (
        <p data-testid="signed-up">
          Signed up as <code>{state.userId}</code>; the server action tracked it with anonymous id <code>{state.anonymousId}</code>.
        </p>
      )}
    </form>
  );
}
