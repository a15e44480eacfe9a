import type { StitchingHealth } from "../store/EventStore";
import { escapeHtml as h } from "./escapeHtml";

/**
 * The events page's stitching-health line: the share of server events (those that came
 * with an `anonymous_id`) whose id also has browser events, the server-only and
 * browser-only visitors, and how many cards below are marked as likely splits. Both kinds
 * of lonely visitor are counted, not judged: a backend-only app has only server-only
 * visitors, a static site only browser-only ones; only a likely split turns the line amber.
 *
 * @example
 * ```ts
 * renderStitchingHealth({ serverEvents: 3, stitchedServerEvents: 2, serverOnlyVisitors: 1, browserOnlyVisitors: 1 }, 1)
 * // '<section class="health warn" id="stitching">… 67% of server events …'
 * ```
 */
export function renderStitchingHealth(health: StitchingHealth, likelySplitsShown: number): string {
  const { serverEvents, stitchedServerEvents, serverOnlyVisitors, browserOnlyVisitors } = health;
  const share =
    serverEvents === 0
      ? `<span class="share">no server event with an <code>anonymous_id</code> yet</span>`
      : `<span class="share"><b>${h(percent(stitchedServerEvents, serverEvents))}</b> of server events share their ` +
        `<code>anonymous_id</code> with browser events <span class="of">(${h(count(stitchedServerEvents))} of ${h(count(serverEvents))})</span></span>`;
  return (
    `<section class="health${likelySplitsShown > 0 ? " warn" : ""}" id="stitching" ` +
    `title="${h("Counted by anonymous_id over the whole database; events that arrived without one are counted above.")}">` +
    `<span class="label">stitching</span>${share}` +
    `<span class="lonely-count"><b>${h(count(serverOnlyVisitors))}</b> server-only visitor${serverOnlyVisitors === 1 ? "" : "s"}</span>` +
    `<span class="lonely-count"><b>${h(count(browserOnlyVisitors))}</b> browser-only visitor${browserOnlyVisitors === 1 ? "" : "s"}</span>` +
    (likelySplitsShown > 0
      ? `<span class="flag">${h(count(likelySplitsShown))} likely split${likelySplitsShown === 1 ? "" : "s"} below</span>`
      : "") +
    `</section>`
  );
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Whole percent, never rounded up to 100% nor down to 0% while one event differs. */
function percent(part: number, whole: number): string {
  if (part === whole) return "100%";
  if (part === 0) return "0%";
  const p = Math.floor((part / whole) * 100);
  return p === 0 ? "<1%" : `${p}%`;
}
