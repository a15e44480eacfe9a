"use client";
import { useAnonymousId } from "@millimetric/next/client";
import { useState } from "react";

export function OptionB() {
  const browserId = useAnonymousId();
  const [saw, setSaw] = useState<string>();
  async function call() {
    const res = await fetch("/api/option-b", { method: "POST" });
    setSaw(((await res.json()) as { serverSaw: string }).serverSaw);
  }
  return (
    <div className="card">
      <h2>Call the API with a plain fetch</h2>
      <button onClick={call}>POST /api/option-b</button>
      <table className="ids" style={{ marginTop: 12 }}>
        <tbody>
          <tr>
            <td>Route handler tracked with (from the cookie)</td>
            <td>
              <code data-testid="b-saw">{saw ?? "…"}</code> {saw && <span className={saw === browserId ? "match" : "mismatch"}>{saw === browserId ? "same as the browser" : "different"}</span>}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
