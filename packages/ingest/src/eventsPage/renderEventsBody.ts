import type { EventsPageData, StoredEvent, VisitorTimeline } from "../store/EventStore";
import { escapeHtml as h } from "./escapeHtml";
import type { LikelySplit } from "../writes/findLikelySplit";
import { renderStitchingHealth } from "./renderStitchingHealth";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** Rows of the "cannot be stitched" section shown before the fold. */
const UNSTITCHED_SHOWN = 5;
/** User ids named on a visitor card; the rest are counted. */
const USER_CHIPS = 20;

/**
 * The live part of the events page (what the refresh swaps in): totals, the events
 * nobody can stitch, then one card per visitor with its stitched timeline. Every value
 * is HTML-escaped; nothing from a request becomes a link, an attribute name or a style.
 *
 * @example
 * ```ts
 * renderEventsBody(store.loadEventsPage(), Date.now()) // "<section class=\"summary\">…"
 * ```
 */
export function renderEventsBody(data: EventsPageData, nowMs: number): string {
  const { totals, visitors, unstitched } = data;
  const parts: string[] = [];
  parts.push(
    `<section class="summary">` +
      stat(totals.events, "events") +
      stat(totals.visitors, "visitors") +
      stat(totals.aidMissing, "without anonymous_id", totals.aidMissing > 0 ? "warn" : "") +
      `<div class="legend"><span class="pill browser">browser</span> pk_ key` +
      `<span class="pill server">server</span> sk_ key` +
      `<span class="pill missing">no anonymous_id</span> stitching failure</div>` +
      `</section>`,
  );
  if (totals.events > 0) parts.push(renderStitchingHealth(data.stitching, visitors.filter((v) => v.likely_split).length));
  if (totals.events === 0) {
    parts.push(
      `<section class="empty"><h2>No events yet</h2>` +
        `<p>Point an SDK at this server, or send one by hand:</p>` +
        `<pre>curl -X POST ${"$"}MILLIMETRIC_HOST/v1/track \\\n  -H "Authorization: Bearer ${"$"}MILLIMETRIC_SECRET_KEY" \\\n  -d '{"event":"signup","anonymous_id":"u_demo"}'</pre>` +
        `<p>This page refreshes by itself.</p></section>`,
    );
  }
  if (unstitched.length > 0) {
    parts.push(
      `<section class="card unstitched" id="unstitched"><header><h2>Events that cannot be stitched</h2>` +
        `<p>They arrived without an <code>anonymous_id</code>, and their <code>user_id</code> (if any) was never ` +
        `identified in a browser, so they belong to no visitor. On the server, pass the visitor's id to ` +
        `<code>track()</code>: from the request body, the <code>aid</code> cookie, or <code>window.__aid</code>.</p></header>` +
        // The newest few stay in view; the rest fold away so visitors are not pushed off
        // the page (a backfill of old orders can leave thousands here).
        `<ol class="timeline">${unstitched.slice(0, UNSTITCHED_SHOWN).map((e) => eventRow(e, nowMs, "unstitched")).join("")}</ol>` +
        (unstitched.length > UNSTITCHED_SHOWN
          ? `<details><summary>${h(`${(totals.aidMissing - UNSTITCHED_SHOWN).toLocaleString("en-US")} more without anonymous_id`)}${totals.aidMissing > unstitched.length ? ` (newest ${unstitched.length - UNSTITCHED_SHOWN} below)` : ""}</summary>` +
            `<ol class="timeline">${unstitched.slice(UNSTITCHED_SHOWN).map((e) => eventRow(e, nowMs, "unstitched")).join("")}</ol></details>`
          : "") +
        `</section>`,
    );
  }
  for (const v of visitors) parts.push(visitorCard(v, nowMs));
  return parts.join("\n");
}

function stat(n: number, label: string, cls = ""): string {
  return `<div class="stat ${cls}"><b>${h(n.toLocaleString("en-US"))}</b> ${h(label)}</div>`;
}

function visitorCard(v: VisitorTimeline, nowMs: number): string {
  const fromBrowser = v.events.filter((e) => e.source === "browser").length;
  const fromServer = v.events.length - fromBrowser;
  // Counted over all of the visitor's rows, not only the shown ones: a long timeline's
  // browser events may be older than the newest events shown.
  const hasBrowser = v.browser_events > 0 || fromBrowser > 0;
  const hasServer = v.server_events > 0 || fromServer > 0;
  const stitched = hasBrowser && hasServer;
  const device = v.events.find((e) => e.source === "browser" && (e.browser || e.os));
  const deviceText = device ? [device.browser, device.os, device.device_type].filter(Boolean).join(" · ") : "";
  // The newest address the visitor's browser events came from (a relay reports the visitor's own).
  const ip = [...v.events].reverse().find((e) => e.source === "browser" && e.ip)?.ip;
  // A card names a few user ids; a browser that carried thousands (a kiosk, a test
  // harness) would otherwise make the page megabytes long.
  const users =
    v.user_ids.slice(0, USER_CHIPS).map((u) => `<span class="chip user"><span class="k">user_id</span>${h(u)}</span>`).join("") +
    (v.user_ids.length > USER_CHIPS ? `<span class="chip user">+${(v.user_ids.length - USER_CHIPS).toLocaleString("en-US")} more user ids</span>` : "");
  const badge = stitched
    ? `<span class="chip stitched">browser + server stitched</span>`
    : hasServer
      ? `<span class="chip lonely">server only</span>`
      : `<span class="chip lonely">browser only</span>`;
  const split = v.likely_split;
  const hidden = v.total - v.events.length;
  return (
    `<section class="card visitor${stitched ? " is-stitched" : ""}${split ? " is-split" : ""}" data-anonymous-id="${h(v.anonymous_id)}"` +
    `${split ? ` data-split-with="${h(split.browser_anonymous_id)}"` : ""}>` +
    `<header><div class="who"><span class="label">visitor</span><code class="aid">${h(v.anonymous_id)}</code>${users}${badge}` +
    `${split ? `<span class="chip split">likely split</span>` : ""}</div>` +
    `<div class="meta">${deviceText ? `<span>${h(deviceText)}</span>` : ""}${ip ? `<span class="ip">ip ${h(ip)}</span>` : ""}` +
    `<span>${fromBrowser} browser · ${fromServer} server</span>` +
    `<span>last seen ${h(clock(v.last_ms, nowMs))}</span></div>` +
    (split ? splitNotice(split) : "") +
    `</header>` +
    (hidden > 0 ? `<p class="more">${hidden} earlier event${hidden === 1 ? "" : "s"} not shown</p>` : "") +
    `<ol class="timeline">${v.events.map((e) => eventRow(e, nowMs, "visitor")).join("")}</ol></section>`
  );
}

/** The reason a server-only visitor is marked, in one line, and where to look per adapter. */
function splitNotice(split: LikelySplit): string {
  const s = split.server_event;
  const b = split.browser_event;
  const seconds = Math.round(split.gap_ms / 1000);
  const when = seconds === 0 ? "within a second of" : `${seconds} s ${s.ts_ms >= b.ts_ms ? "after" : "before"}`;
  const where = b.path ? ` on <code>${h(truncate(b.path, 60))}</code>` : "";
  return (
    `<div class="split-why">` +
    `<p class="reason"><b>Likely split:</b> its server event <code>${h(truncate(s.event, 60))}</code> came ${when} a ` +
    `<code>${h(truncate(b.event, 60))}</code>${where} from browser-only visitor <code>${h(split.browser_anonymous_id)}</code>: ` +
    `one person, two ids.</p>` +
    `<p class="fix"><b>Fix:</b> the browser did not adopt the server's id. Check that the proxy/middleware runs on this ` +
    `page and that the provider reads the <code>aid</code> cookie:</p><ul>` +
    `<li><b>Next.js</b> <code>withMillimetric()</code> in <code>proxy.ts</code> (<code>middleware.ts</code> before Next 16) ` +
    `with this page in its matcher, and <code>&lt;MillimetricProvider&gt;</code> in the root layout</li>` +
    `<li><b>Express, Fastify</b> <code>millimetric()</code> registered before this page's route, and its script ` +
    `(<code>res.locals.millimetric.script</code>, <code>request.millimetric.script</code>) in the page's <code>&lt;head&gt;</code></li>` +
    `<li><b>Remix, React Router</b> <code>millimetricLoader</code> in the root loader, and <code>&lt;MillimetricScript&gt;</code> ` +
    `with <code>&lt;MillimetricProvider&gt;</code> in <code>root.tsx</code></li>` +
    `<li><b>fetch handlers</b> (Hono, Workers, Bun) the handler wrapped in <code>withMillimetric()</code>, and ` +
    `<code>aidScript()</code> in the page's <code>&lt;head&gt;</code></li>` +
    `<li><b>Static page, script tag</b> <code>init({ key, anonymousId: pageAid() })</code>, or the <code>a.js</code> tag, ` +
    `which reads the cookie by itself</li></ul></div>`
  );
}

function eventRow(e: StoredEvent, nowMs: number, where: "visitor" | "unstitched"): string {
  const where_ = e.path ?? e.url ?? "";
  const props = summarise(e.properties);
  let note = "";
  if (e.event === "$identify" && e.user_id !== null) {
    note = `<span class="chip user"><span class="k">identified as</span>${h(e.user_id)}</span>`;
  }
  if (e.aid_missing) {
    const why =
      where === "visitor"
        ? `no anonymous_id · joined only through user_id ${e.user_id}`
        : e.user_id === null
          ? "no anonymous_id and no user_id"
          : `no anonymous_id · user_id ${e.user_id} was never identified in a browser`;
    note += `<span class="flag">${h(why)}</span>`;
  }
  return (
    `<li class="ev ${h(e.source)}${e.aid_missing ? " missing" : ""}">` +
    `<time datetime="${h(e.timestamp)}" title="${h(`${e.timestamp} · received ${e.received_at}`)}">${h(clock(e.ts_ms, nowMs))}</time>` +
    `<span class="pill ${h(e.source)}">${h(e.source)}</span>` +
    `<span class="name">${h(e.event)}</span>` +
    `<span class="detail">${where_ ? `<span class="path">${h(truncate(where_, 80))}</span>` : ""}` +
    (props ? `<span class="props" title="${h(truncate(e.properties ?? "", 2000))}">${h(props)}</span>` : "") +
    `${note}</span></li>`
  );
}

function summarise(json: string | null): string {
  if (!json) return "";
  let props: Record<string, unknown>;
  try {
    props = JSON.parse(json);
  } catch {
    return "";
  }
  // `$` properties are what the browser SDK adds on its own (viewport, utm_…): noise here.
  const entries = Object.entries(props).filter(([k]) => !k.startsWith("$"));
  const shown = entries.slice(0, 3).map(([k, v]) => `${truncate(k, 30)}: ${truncate(JSON.stringify(v) ?? "null", 40)}`);
  if (entries.length > 3) shown.push(`+${entries.length - 3} more`);
  return shown.join("  ");
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function clock(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === new Date(nowMs).toDateString()) return time;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}${d.getFullYear() === new Date(nowMs).getFullYear() ? "" : ` ${d.getFullYear()}`} ${time}`;
}
