"use client";
import { getAnonymousId } from "@millimetric/next/client";
import { useState } from "react";

export function OptionA() {
  const [sent, setSent] = useState<string>();
  const [saw, setSaw] = useState<string>();
  async function call() {
    const anonymous_id = getAnonymousId();
    setSent(anonymous_id);
    const res = await fetch("/api/option-a", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ anonymous_id }) });
    setSaw(((await res.json()) as { serverSaw: string }).serverSaw);
  }
  return (
    <div className="card">
      <h2>Call the API with the id in the body</h2>
      <button onClick={call}>POST /api/option-a</button>
      <table className="ids" style={{ marginTop: 12 }}>
        <tbody>
          <tr>
            <td>Browser sent</td>
            <td>
              <code data-testid="a-sent">{sent ?? "…"}</code>
            </td>
          </tr>
          <tr>
            <td>Route handler tracked with</td>
            <td>
              <code data-testid="a-saw">{saw ?? "…"}</code> {saw && <span className={saw === sent ? "match" : "mismatch"}>{saw === sent ? "same" : "different"}</span>}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
