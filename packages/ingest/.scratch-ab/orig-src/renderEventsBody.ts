import type { EventsPageData, StoredEvent, VisitorTimeline } from "./EventStore";
import { escapeHtml as h } from "./escapeHtml";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** Rows of the "cannot be stitched" section shown before the fold. */
const UNSTITCHED_SHOWN = 5;

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
  const stitched = fromBrowser > 0 && fromServer > 0;
  const device = v.events.find((e) => e.source === "browser" && (e.browser || e.os));
  const deviceText = device ? [device.browser, device.os, device.device_type].filter(Boolean).join(" · ") : "";
  const users = v.user_ids.map((u) => `<span class="chip user"><span class="k">user_id</span>${h(u)}</span>`).join("");
  const badge = stitched
    ? `<span class="chip stitched">browser + server stitched</span>`
    : fromServer > 0
      ? `<span class="chip lonely">server only</span>`
      : "";
  const hidden = v.total - v.events.length;
  return (
    `<section class="card visitor${stitched ? " is-stitched" : ""}" data-anonymous-id="${h(v.anonymous_id)}">` +
    `<header><div class="who"><span class="label">visitor</span><code class="aid">${h(v.anonymous_id)}</code>${users}${badge}</div>` +
    `<div class="meta">${deviceText ? `<span>${h(deviceText)}</span>` : ""}` +
    `<span>${fromBrowser} browser · ${fromServer} server</span>` +
    `<span>last seen ${h(clock(v.last_ms, nowMs))}</span></div></header>` +
    (hidden > 0 ? `<p class="more">${hidden} earlier event${hidden === 1 ? "" : "s"} not shown</p>` : "") +
    `<ol class="timeline">${v.events.map((e) => eventRow(e, nowMs, "visitor")).join("")}</ol></section>`
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
