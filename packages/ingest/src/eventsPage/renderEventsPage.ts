import type { EventsPageData } from "../store/EventStore";
import { escapeHtml as h } from "./escapeHtml";
import { renderEventsBody } from "./renderEventsBody";

/** Options for {@link renderEventsPage}. */
export interface EventsPageOptions {
  /** CSP nonce for the page's one style and one script element. */
  nonce: string;
  /** "Now", for dates (ms since the epoch). @default Date.now() */
  nowMs?: number;
  /**
   * How often the page refetches its body, in milliseconds.
   * @default 3000
   */
  refreshMs?: number;
}

const CSS = `
:root{--bg:#f4f5f7;--card:#fff;--ink:#16181d;--muted:#667085;--line:#e4e7ec;
--browser:#1d64d8;--browser-bg:#eaf1fd;--server:#7a3fd1;--server-bg:#f2ecfc;
--warn:#9a5b00;--warn-bg:#fff6e0;--warn-line:#f0a928;--user:#0a7a55;--user-bg:#e5f6ee}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif}
code,.aid,time,.path,.props,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
.top{position:sticky;top:0;z-index:1;display:flex;align-items:center;gap:12px;padding:12px 24px;background:#14161b;color:#f5f6f8}
.top h1{margin:0;font-size:15px;font-weight:600;letter-spacing:.01em}
.top h1 span{color:#9aa3b2;font-weight:400}
.live{margin-left:auto;display:flex;align-items:center;gap:8px;color:#b7bfcc;font-size:12px}
.dot{width:8px;height:8px;border-radius:50%;background:#33c481;box-shadow:0 0 0 3px rgba(51,196,129,.2)}
.dot.off{background:#e5484d;box-shadow:0 0 0 3px rgba(229,72,77,.2)}
main{max-width:1040px;margin:0 auto;padding:20px 24px 48px}
.summary{display:flex;flex-wrap:wrap;align-items:center;gap:10px 22px;margin:0 0 18px}
.stat{font-size:13px;color:var(--muted)}.stat b{color:var(--ink);font-size:20px;font-weight:650;margin-right:2px}
.stat.warn b{color:var(--warn)}
.legend{margin-left:auto;display:flex;align-items:center;gap:6px;color:var(--muted);font-size:12px}
.legend .pill{min-width:0;margin-left:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:0 0 16px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.card>header{padding:12px 16px;border-bottom:1px solid var(--line)}
.card h2{margin:0 0 4px;font-size:14px}
.card header p{margin:0;color:var(--muted);font-size:13px;max-width:78ch}
.who{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.label{text-transform:uppercase;font-size:10px;letter-spacing:.08em;color:var(--muted);font-weight:600}
.aid{font-size:13px;font-weight:600;word-break:break-all}
.meta{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:4px;color:var(--muted);font-size:12px}
.chip{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:500;white-space:nowrap;max-width:100%;overflow:hidden;text-overflow:ellipsis}
.chip.user{background:var(--user-bg);color:var(--user)}
.chip .k{opacity:.7;margin-right:4px}
.chip.stitched{background:#eef0ff;color:#3b3fb6}
.chip.lonely{background:#f2f4f7;color:var(--muted)}
.pill{display:inline-block;min-width:58px;text-align:center;padding:1px 6px;border-radius:4px;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.ev .pill{display:block;min-width:0}
.pill.browser{background:var(--browser-bg);color:var(--browser)}
.pill.server{background:var(--server-bg);color:var(--server)}
.pill.missing{background:var(--warn-bg);color:var(--warn);box-shadow:inset 0 0 0 1px var(--warn-line)}
.timeline{list-style:none;margin:0;padding:6px 0}
.ev{position:relative;display:grid;grid-template-columns:minmax(64px,max-content) 80px minmax(0,190px) minmax(0,1fr);align-items:baseline;gap:12px;padding:6px 16px 6px 32px}
.ev::before{content:"";position:absolute;left:15px;top:0;bottom:0;width:2px;background:var(--line)}
.ev::after{content:"";position:absolute;left:11px;top:11px;width:10px;height:10px;border-radius:50%;background:var(--browser);box-shadow:0 0 0 2px var(--card)}
.ev.server::after{background:var(--server)}
.ev:first-child::before{top:12px}.ev:last-child::before{bottom:calc(100% - 12px)}
.ev.server{background:linear-gradient(90deg,var(--server-bg),transparent 60%)}
.ev.missing{background:var(--warn-bg);box-shadow:inset 3px 0 0 var(--warn-line)}
.ev.missing::after{background:var(--warn-line)}
time{color:var(--muted);font-size:12px;white-space:nowrap}
.unstitched details>summary{cursor:pointer;padding:6px 16px;color:var(--muted);font-size:13px}
.name{font-weight:600;word-break:break-word}
.detail{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px;min-width:0;color:var(--muted);font-size:12px}
.path{color:#344054;word-break:break-all}
.props{word-break:break-word}
.flag{color:var(--warn);font-weight:600;font-size:12px}
.unstitched{border-color:var(--warn-line)}
.unstitched>header{background:var(--warn-bg);border-radius:10px 10px 0 0}
.unstitched h2{color:var(--warn)}
.more{margin:8px 16px 0;color:var(--muted);font-size:12px}
.health{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 18px;margin:-6px 0 18px;padding:10px 14px;background:var(--card);border:1px solid var(--line);border-radius:10px;font-size:13px;color:var(--muted)}
.health b{color:var(--ink);font-weight:650}
.health .of{font-size:12px}
.health.warn{border-color:var(--warn-line);background:var(--warn-bg)}
.chip.split{background:var(--warn-bg);color:var(--warn);box-shadow:inset 0 0 0 1px var(--warn-line);font-weight:600}
.card.is-split{border-color:var(--warn-line)}
.split-why{margin-top:10px;padding:8px 12px;border-radius:8px;background:var(--warn-bg);font-size:13px;color:#4a3000}
.card .split-why p{margin:0 0 4px;color:inherit;font-size:13px;max-width:none}
.split-why .reason b{color:var(--warn)}
.split-why ul{margin:2px 0 0;padding-left:18px;font-size:12px;color:#5c4a2a}
.split-why li{margin:2px 0}
.split-why li b{color:#4a3000;margin-right:4px}
.split-why code{font-size:12px;overflow-wrap:anywhere}
.empty{padding:28px;text-align:center;color:var(--muted)}
.empty pre{display:inline-block;text-align:left;background:#14161b;color:#e6e8ec;padding:12px 16px;border-radius:8px;font-size:12px}
`;

const SCRIPT = `
const app = document.getElementById("app"), dot = document.getElementById("dot"), status = document.getElementById("status");
let last = "";
async function refresh() {
  if (document.hidden) return;
  try {
    const res = await fetch("/?partial=1", { cache: "no-store" });
    if (!res.ok) throw new Error(res.status);
    const html = await res.text();
    if (html !== last) { last = html; app.innerHTML = html; }
    dot.classList.remove("off");
    status.textContent = "live · updated " + new Date().toTimeString().slice(0, 8);
  } catch {
    dot.classList.add("off");
    status.textContent = "server unreachable, retrying";
  }
}
setInterval(refresh, REFRESH_MS);
document.addEventListener("visibilitychange", refresh);
`;

/**
 * The whole events page: server-rendered, no external assets, one inline style and
 * one inline script allowed by a CSP nonce (so even an escaping slip could not run a
 * visitor's string), refetching its body every few seconds.
 *
 * @example
 * ```ts
 * res.end(renderEventsPage(store.loadEventsPage(), { nonce }));
 * ```
 */
export function renderEventsPage(data: EventsPageData, options: EventsPageOptions): string {
  const nowMs = options.nowMs ?? Date.now();
  const nonce = h(options.nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Millimetric · local events</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
<div class="top"><h1>Millimetric <span>local events</span></h1>
<div class="live"><span class="dot" id="dot"></span><span id="status">live</span></div></div>
<main id="app">${renderEventsBody(data, nowMs)}</main>
<script nonce="${nonce}">${SCRIPT.replace("REFRESH_MS", String(Math.max(500, options.refreshMs ?? 3000)))}</script>
</body>
</html>`;
}
