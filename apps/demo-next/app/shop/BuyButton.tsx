"use client";
import { useMillimetric } from "@millimetric/next/client";
import { useState, useTransition } from "react";
import { buy, type BuyResult } from "./actions";

export function BuyButton() {
  const mm = useMillimetric();
  const [result, setResult] = useState<BuyResult>();
  const [pending, start] = useTransition();
  return (
    <div className="card">
      <h2>Pro plan · $49.00</h2>
      <button
        disabled={pending}
        onClick={() => {
          mm.track("clicked_buy", { plan: "pro" });
          start(async () => setResult(await buy()));
        }}
      >
        {pending ? "Paying…" : "Buy"}
      </button>
      {result && (
        <p data-testid="bought">
          Webhook <code>{result.eventId}</code> delivered {result.deliveries.length}× (HTTP {result.deliveries.join(", ")}); one{" "}
          <code>completed_checkout</code> is stored.
        </p>
      )}
    </div>
  );
}
