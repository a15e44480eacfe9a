"use client";
import { useMillimetric } from "@millimetric/next/client";
import { useState } from "react";

/** A browser-only event: queued by the SDK and sent in the next batch (or on page exit). */
export function SayHi() {
  const mm = useMillimetric();
  const [n, setN] = useState(0);
  return (
    <button
      className="secondary"
      onClick={() => {
        mm.track("clicked_hi", { n: n + 1 });
        setN(n + 1);
      }}
    >
      Say hi{n ? ` (${n})` : ""}
    </button>
  );
}
