"use client";
import { useAnonymousId } from "@millimetric/next/client";
import { useEffect, useState } from "react";

/** The two cookies proxy.ts sets: the visitor's id, and the id it minted in the last 5 minutes. */
interface ServerCookies {
  aid?: string;
  minted?: string;
}

function readServerCookies(): ServerCookies {
  const jar = new Map(document.cookie.split("; ").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
  return { aid: jar.get("aid"), minted: jar.get("mm_minted") };
}

/** What mm_minted says about the aid cookie, in the words of the provider's rule. */
function mintedNote({ aid, minted }: ServerCookies): string {
  if (minted === undefined) return "no: no mm_minted cookie, the id comes from an earlier visit";
  if (minted === aid) return "yes: mm_minted holds the same id (proxy.ts minted it in the last 5 minutes)";
  return `no: mm_minted holds ${minted}, the id proxy.ts minted, which lost to this browser's stored id`;
}

/**
 * The ids side by side: what the server saw for this request, what the browser SDK uses,
 * and what the cookies proxy.ts set say. They should all agree, except right after the
 * browser kept its stored id over one the server had just minted (the cookie then follows).
 */
export function IdsPanel({
  serverId,
  prerendered = false,
  extra,
}: {
  /** The id the server component or getServerSideProps read from the request. */
  serverId?: string | null;
  /** A static page: rendered at build time, so no request and no server-side id. */
  prerendered?: boolean;
  extra?: Array<[string, string | undefined]>;
}) {
  const browserId = useAnonymousId();
  const [cookies, setCookies] = useState<ServerCookies>();
  // Read once the SDK has started (browserId is set): by then it has written its own id
  // back to the aid cookie if it kept it, so this is what the next request will carry.
  useEffect(() => {
    if (browserId !== undefined) setCookies(readServerCookies());
  }, [browserId]);
  const rows: Array<[string, string | undefined]> = [
    ["Server saw (this request)", prerendered ? "nothing: this page was rendered at build time" : (serverId ?? "none")],
    ["Browser SDK uses (localStorage mm_aid)", browserId],
    ["aid cookie", cookies && (cookies.aid ?? "none")],
    ["aid cookie minted? (mm_minted)", cookies && mintedNote(cookies)],
    ...(extra ?? []),
  ];
  // On a static page the cookie is the only server-side id there is.
  const agree = browserId !== undefined && browserId === (prerendered ? cookies?.aid : serverId);
  return (
    <div className="card" data-testid="ids">
      <h2>
        Ids this page sees{" "}
        {browserId === undefined || (prerendered && cookies === undefined) ? null : (
          <span className={agree ? "match" : "mismatch"}>{agree ? "· one visitor" : "· different ids"}</span>
        )}
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
