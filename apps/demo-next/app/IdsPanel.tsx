"use client";
import { useAnonymousId } from "@millimetric/next/client";
import { useEffect, useState } from "react";

/**
 * The ids side by side: what the server saw for this request, what the browser SDK
 * uses, and what the server handed over in window.__aid. They should all agree.
 */
export function IdsPanel({ serverId, extra }: { serverId: string | undefined; extra?: Array<[string, string | undefined]> }) {
  const browserId = useAnonymousId();
  const [injected, setInjected] = useState<string>();
  useEffect(() => setInjected(JSON.stringify((window as { __aid?: unknown }).__aid ?? null)), []);
  const rows: Array<[string, string | undefined]> = [
    ["Server saw (this request)", serverId],
    ["Browser SDK uses (localStorage mm_aid)", browserId],
    ["Injected window.__aid", injected],
    ...(extra ?? []),
  ];
  const agree = browserId !== undefined && browserId === serverId;
  return (
    <div className="card" data-testid="ids">
      <h2>
        Ids this page sees{" "}
        {browserId === undefined ? null : <span className={agree ? "match" : "mismatch"}>{agree ? "· one visitor" : "· different ids"}</span>}
      </h2>
      <table className="ids">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <td>{label}</td>
              <td>
                <code data-testid={label}>{value ?? "…"}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
