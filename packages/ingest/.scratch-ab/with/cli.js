#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve, dirname, join } from 'node:path';
import { createHash, timingSafeEqual, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PUBLISHED_RATE_LIMITS, TokenBucket, randomHex, checkEvent, mintId, pooledRandomHex, MAX_BATCH_EVENTS } from '@millimetric/core';
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';

// src/HttpError.ts
var HttpError = class extends Error {
  constructor(status, code, details = {}, extra = {}, headers = {}) {
    super(`[millimetric] ${status} ${code}`);
    this.status = status;
    this.code = code;
    this.details = details;
    this.extra = extra;
    this.headers = headers;
    this.name = "HttpError";
  }
  status;
  code;
  details;
  extra;
  headers;
};

// src/parseApiKey.ts
var KEY = /^(pk|sk|rk|ak)_([a-z]{1,16})_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{24,256}$/;
function parseApiKey(key) {
  const m = KEY.exec(key);
  if (!m) return void 0;
  const [, kind, env, prefix] = m;
  return { kind, env, prefix, id: `${kind}_${env}_${prefix}`, key };
}

// src/createAuthenticator.ts
var EXPECTED = "{kind}_{env}_{prefix}_{secret}, e.g. pk_test_1a2b3c4d_<24+ characters>";
var digest = (s) => createHash("sha256").update(s).digest();
function createAuthenticator(keys) {
  const known = Object.values(keys).map(digest);
  const isKnown = (key) => {
    const d = digest(key);
    let found = false;
    for (const k of known) found = timingSafeEqual(d, k) || found;
    return found;
  };
  return (req, query, allowQueryKey) => {
    const header = req.headers.authorization;
    let key;
    let fromQuery = false;
    if (header !== void 0) {
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
      if (!m) {
        throw new HttpError(401, "missing_bearer_token", {
          message: "[millimetric] the Authorization header must be `Bearer <key>` (pk_ from a browser, sk_ from a server)"
        });
      }
      key = m[1];
    } else if (allowQueryKey && query.has("key")) {
      key = query.get("key");
      fromQuery = true;
    } else {
      throw new HttpError(401, "missing_bearer_token", {
        message: "[millimetric] send your key as `Authorization: Bearer <key>` (pk_ from a browser, sk_ from a server)"
      });
    }
    const parsed = parseApiKey(key);
    if (!parsed) {
      throw new HttpError(401, "malformed_api_key", { message: `[millimetric] an API key looks like ${EXPECTED}` });
    }
    if (fromQuery && parsed.kind !== "pk") {
      throw new HttpError(403, "insufficient_scope", {
        message: `[millimetric] only a pk_ key may be sent in the key query parameter; send ${parsed.kind}_ keys as Authorization: Bearer, and rotate this one: URLs end up in logs`,
        key_kind: parsed.kind
      });
    }
    if (!isKnown(key)) {
      throw new HttpError(401, "invalid_api_key", {
        message: `[millimetric] ${parsed.id}_\u2026 is not a key of this server; use a key printed at its start (or fix them with MILLIMETRIC_*_KEY)`,
        key: parsed.id
      });
    }
    return { ...parsed, fromQuery };
  };
}

// src/createHostMatcher.ts
var HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/i;
var IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
function createHostMatcher(allowedHosts, where = "allowedHosts") {
  const entries = allowedHosts.filter((entry) => entry !== "*").map((entry) => {
    const m = HOST.exec(entry);
    if (!m || m[2] !== void 0 && Number(m[2]) > 65535) {
      throw new TypeError(
        `[millimetric] ${where}: ${JSON.stringify(entry)} is not a host name; write the name the browser's address bar shows, with an optional port and no scheme or path ("devbox.lan", "devbox.lan:8787", "[fd00::5]"), or "*" to answer every Host`
      );
    }
    return { name: m[1].toLowerCase(), port: m[2] };
  });
  if (allowedHosts.includes("*")) return () => true;
  return (host) => {
    const m = host === void 0 ? null : HOST.exec(host);
    if (!m) return false;
    const name = m[1].toLowerCase();
    if (isLoopback(name)) return true;
    return entries.some((e) => e.name === name && (e.port === void 0 || e.port === (m[2] ?? "80")));
  };
}
function isLoopback(name) {
  if (name === "localhost" || name.endsWith(".localhost") || name === "[::1]") return true;
  const v4 = IPV4_LOOPBACK.exec(name);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

// src/createOriginMatcher.ts
function createOriginMatcher(patterns) {
  if (patterns.includes("*")) return () => true;
  const sources = patterns.map(
    (p) => p.replace(/\/+$/, "").replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:\*$/, "(?::\\d{1,5})?").replace(/\*/g, "[a-z0-9-]+")
  );
  const re = sources.length ? new RegExp(`^(?:${sources.join("|")})$`, "i") : /(?!)/;
  return (origin) => origin !== "null" && re.test(origin);
}

// src/futureTimestampError.ts
var MAX_FUTURE_MS = 24 * 60 * 60 * 1e3;
function futureTimestampError(timestamp, now) {
  if (typeof timestamp !== "string") return void 0;
  const ms = Date.parse(timestamp);
  if (!(ms - now > MAX_FUTURE_MS)) return void 0;
  return `must be at most 24 hours ahead of the server's clock (it reads ${new Date(now).toISOString()}); fix the sender's clock, or leave timestamp out to stamp the arrival time`;
}

// src/invalidPayload.ts
function invalidPayload(fieldErrors) {
  return new HttpError(400, "invalid_payload", { fieldErrors });
}

// src/checkBatchBody.ts
function checkBatchBody(body, now) {
  const { events } = body;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_BATCH_EVENTS) {
    const got = Array.isArray(events) ? `${events.length} events` : events === void 0 ? "nothing" : typeof events;
    throw invalidPayload({ events: `must be an array of 1\u2013${MAX_BATCH_EVENTS} events (got ${got}); split larger batches` });
  }
  const out = [];
  const errors = {};
  let failed = false;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const r = checkEvent(e, { unknownKeys: "strip" });
    const timestamp = typeof e === "object" && e !== null ? e.timestamp : void 0;
    const future = r.ok || !r.fieldErrors.timestamp ? futureTimestampError(timestamp, now) : void 0;
    if (r.ok && !future) {
      out.push(r.event);
      continue;
    }
    failed = true;
    if (future) errors[`events.${i}.timestamp`] = future;
    if (r.ok) continue;
    if (typeof e !== "object" || e === null || Array.isArray(e)) errors[`events.${i}`] = r.fieldErrors.event;
    else for (const field in r.fieldErrors) errors[`events.${i}.${field}`] = r.fieldErrors[field];
  }
  if (failed) throw invalidPayload(errors);
  return out;
}
function checkForgetBody(body) {
  const { user_id } = body;
  if (user_id == null) throw invalidPayload({ user_id: "is required: the user whose events to delete" });
  const r = checkEvent({ event: "forget", user_id }, { unknownKeys: "strip" });
  if (!r.ok) throw invalidPayload(r.fieldErrors);
  return r.event.user_id;
}
function checkIdentifyBody(body, now) {
  const { anonymous_id, user_id, traits, timestamp, event_id } = body;
  const r = checkEvent(
    { event: "$identify", anonymous_id, user_id, properties: traits, timestamp, event_id },
    { unknownKeys: "strip" }
  );
  const errors = {};
  if (!r.ok) for (const field in r.fieldErrors) errors[field === "properties" ? "traits" : field] = r.fieldErrors[field];
  if (anonymous_id == null) errors.anonymous_id = "is required: the browser's anonymous id to link to user_id";
  if (user_id == null) errors.user_id = "is required: your app's id for the user";
  const future = errors.timestamp ? void 0 : futureTimestampError(timestamp, now);
  if (future) errors.timestamp = future;
  for (const _ in errors) throw invalidPayload(errors);
  return r.event;
}
function checkTrackBody(body, now) {
  const r = checkEvent(body, { unknownKeys: "strip" });
  const errors = r.ok ? {} : { ...r.fieldErrors };
  const future = errors.timestamp ? void 0 : futureTimestampError(body.timestamp, now);
  if (future) errors.timestamp = future;
  if (!r.ok || future) throw invalidPayload(errors);
  return r.event;
}

// src/parseJsonObject.ts
function parseJsonObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "invalid_payload", {
      fieldErrors: { body: `must be valid JSON (${text.trim() === "" ? "the body is empty" : err.message})` }
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "invalid_payload", {
      fieldErrors: { body: `must be a JSON object (got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value})` }
    });
  }
  return value;
}
var PARAMS = ["from", "to", "event", "user_id", "anonymous_id", "limit"];
var DATE_ONLY = /^\d{4}-\d\d-\d\d$/;
function parseQueryParams(query) {
  const errors = /* @__PURE__ */ Object.create(null);
  for (const name of new Set(query.keys())) {
    if (!PARAMS.includes(name)) errors[name] = `is not a query parameter (parameters: ${PARAMS.join(", ")})`;
    else if (query.getAll(name).length > 1) errors[name] = "may be given only once";
  }
  const filters = { limit: 100 };
  for (const name of ["from", "to"]) {
    const value = query.get(name);
    if (value === null || errors[name]) continue;
    const iso = DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value;
    const r2 = checkEvent({ event: "query", timestamp: iso });
    if (!r2.ok) errors[name] = `${r2.fieldErrors.timestamp}, or a date like 2026-01-31`;
    else filters[name === "from" ? "fromMs" : "toMs"] = Date.parse(iso);
  }
  if (filters.fromMs !== void 0 && filters.toMs !== void 0 && filters.fromMs >= filters.toMs) {
    errors.to = "must be later than from";
  }
  const ids = {};
  for (const name of ["event", "user_id", "anonymous_id"]) {
    const value = query.get(name);
    if (value !== null && !errors[name]) ids[name] = value;
  }
  const r = checkEvent({ event: "query", ...ids });
  if (!r.ok) Object.assign(errors, r.fieldErrors);
  else Object.assign(filters, ids);
  const limit = query.get("limit");
  if (limit !== null && !errors.limit) {
    if (!/^\d{1,4}$/.test(limit) || +limit < 1 || +limit > 1e3) errors.limit = "must be an integer from 1 to 1000 (default 100)";
    else filters.limit = +limit;
  }
  for (const _ in errors) throw new HttpError(400, "invalid_params", { fieldErrors: errors });
  return filters;
}

// src/parseUserAgent.ts
var BROWSERS = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrome\/|\bCriOS\/|\bHeadlessChrome\//, "Chrome"],
  [/\bVersion\/[\d.]+.*Safari\//, "Safari"]
];
var SYSTEMS = [
  [/\bWindows NT\b/, "Windows"],
  [/\biPhone|\biPad|\biPod/, "iOS"],
  [/\bMac OS X\b/, "macOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bLinux\b/, "Linux"]
];
function parseUserAgent(ua) {
  if (!ua) return { browser: null, os: null, device_type: null };
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null;
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  const device_type = /bot\b|crawler|spider|slurp/i.test(ua) ? "bot" : /\biPad\b|\bTablet\b/.test(ua) || /\bAndroid\b/.test(ua) && !/\bMobile\b/.test(ua) ? "tablet" : /\bMobi|\biPhone\b|\bAndroid\b/.test(ua) ? "mobile" : "desktop";
  return { browser, os, device_type };
}

// src/readBody.ts
function readBody(req, limit) {
  return new Promise((resolve2, reject) => {
    const tooLarge = (bytes, exact) => new HttpError(413, "invalid_payload", {
      fieldErrors: {
        body: `must be at most ${limit} bytes (got ${exact ? "" : "more than "}${bytes}); send fewer or smaller events per request`
      },
      limit_bytes: limit
    });
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) return reject(tooLarge(declared, true));
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (err) => {
      done = true;
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      req.on("error", ignore);
      if (err) reject(err);
      else resolve2(Buffer.concat(chunks, size).toString("utf8"));
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit, false));
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (err) => finish(err);
    const onClose = () => done || finish(new Error("[millimetric] the client closed the connection mid-body"));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}
function ignore() {
}

// src/escapeHtml.ts
var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

// src/renderStitchingHealth.ts
function renderStitchingHealth(health, likelySplitsShown) {
  const { serverEvents, stitchedServerEvents, serverOnlyVisitors, browserOnlyVisitors } = health;
  const share = serverEvents === 0 ? `<span class="share">no server event with an <code>anonymous_id</code> yet</span>` : `<span class="share"><b>${escapeHtml(percent(stitchedServerEvents, serverEvents))}</b> of server events share their <code>anonymous_id</code> with browser events <span class="of">(${escapeHtml(count(stitchedServerEvents))} of ${escapeHtml(count(serverEvents))})</span></span>`;
  return `<section class="health${likelySplitsShown > 0 ? " warn" : ""}" id="stitching" title="${escapeHtml("Counted by anonymous_id over the whole database; events that arrived without one are counted above.")}"><span class="label">stitching</span>${share}<span class="lonely-count"><b>${escapeHtml(count(serverOnlyVisitors))}</b> server-only visitor${serverOnlyVisitors === 1 ? "" : "s"}</span><span class="lonely-count"><b>${escapeHtml(count(browserOnlyVisitors))}</b> browser-only visitor${browserOnlyVisitors === 1 ? "" : "s"}</span>` + (likelySplitsShown > 0 ? `<span class="flag">${escapeHtml(count(likelySplitsShown))} likely split${likelySplitsShown === 1 ? "" : "s"} below</span>` : "") + `</section>`;
}
function count(n) {
  return n.toLocaleString("en-US");
}
function percent(part, whole) {
  if (part === whole) return "100%";
  if (part === 0) return "0%";
  const p = Math.floor(part / whole * 100);
  return p === 0 ? "<1%" : `${p}%`;
}

// src/renderEventsBody.ts
var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
var pad = (n) => String(n).padStart(2, "0");
var UNSTITCHED_SHOWN = 5;
function renderEventsBody(data, nowMs) {
  const { totals, visitors, unstitched } = data;
  const parts = [];
  parts.push(
    `<section class="summary">` + stat(totals.events, "events") + stat(totals.visitors, "visitors") + stat(totals.aidMissing, "without anonymous_id", totals.aidMissing > 0 ? "warn" : "") + `<div class="legend"><span class="pill browser">browser</span> pk_ key<span class="pill server">server</span> sk_ key<span class="pill missing">no anonymous_id</span> stitching failure</div></section>`
  );
  if (totals.events > 0) parts.push(renderStitchingHealth(data.stitching, visitors.filter((v) => v.likely_split).length));
  if (totals.events === 0) {
    parts.push(
      `<section class="empty"><h2>No events yet</h2><p>Point an SDK at this server, or send one by hand:</p><pre>curl -X POST ${"$"}MILLIMETRIC_HOST/v1/track \\
  -H "Authorization: Bearer ${"$"}MILLIMETRIC_SECRET_KEY" \\
  -d '{"event":"signup","anonymous_id":"u_demo"}'</pre><p>This page refreshes by itself.</p></section>`
    );
  }
  if (unstitched.length > 0) {
    parts.push(
      `<section class="card unstitched" id="unstitched"><header><h2>Events that cannot be stitched</h2><p>They arrived without an <code>anonymous_id</code>, and their <code>user_id</code> (if any) was never identified in a browser, so they belong to no visitor. On the server, pass the visitor's id to <code>track()</code>: from the request body, the <code>aid</code> cookie, or <code>window.__aid</code>.</p></header><ol class="timeline">${unstitched.slice(0, UNSTITCHED_SHOWN).map((e) => eventRow(e, nowMs, "unstitched")).join("")}</ol>` + (unstitched.length > UNSTITCHED_SHOWN ? `<details><summary>${escapeHtml(`${(totals.aidMissing - UNSTITCHED_SHOWN).toLocaleString("en-US")} more without anonymous_id`)}${totals.aidMissing > unstitched.length ? ` (newest ${unstitched.length - UNSTITCHED_SHOWN} below)` : ""}</summary><ol class="timeline">${unstitched.slice(UNSTITCHED_SHOWN).map((e) => eventRow(e, nowMs, "unstitched")).join("")}</ol></details>` : "") + `</section>`
    );
  }
  for (const v of visitors) parts.push(visitorCard(v, nowMs));
  return parts.join("\n");
}
function stat(n, label, cls = "") {
  return `<div class="stat ${cls}"><b>${escapeHtml(n.toLocaleString("en-US"))}</b> ${escapeHtml(label)}</div>`;
}
function visitorCard(v, nowMs) {
  const fromBrowser = v.events.filter((e) => e.source === "browser").length;
  const fromServer = v.events.length - fromBrowser;
  const hasBrowser = v.browser_events > 0 || fromBrowser > 0;
  const hasServer = v.server_events > 0 || fromServer > 0;
  const stitched = hasBrowser && hasServer;
  const device = v.events.find((e) => e.source === "browser" && (e.browser || e.os));
  const deviceText = device ? [device.browser, device.os, device.device_type].filter(Boolean).join(" \xB7 ") : "";
  const users = v.user_ids.map((u) => `<span class="chip user"><span class="k">user_id</span>${escapeHtml(u)}</span>`).join("");
  const badge = stitched ? `<span class="chip stitched">browser + server stitched</span>` : hasServer ? `<span class="chip lonely">server only</span>` : `<span class="chip lonely">browser only</span>`;
  const split = v.likely_split;
  const hidden = v.total - v.events.length;
  return `<section class="card visitor${stitched ? " is-stitched" : ""}${split ? " is-split" : ""}" data-anonymous-id="${escapeHtml(v.anonymous_id)}"${split ? ` data-split-with="${escapeHtml(split.browser_anonymous_id)}"` : ""}><header><div class="who"><span class="label">visitor</span><code class="aid">${escapeHtml(v.anonymous_id)}</code>${users}${badge}${split ? `<span class="chip split">likely split</span>` : ""}</div><div class="meta">${deviceText ? `<span>${escapeHtml(deviceText)}</span>` : ""}<span>${fromBrowser} browser \xB7 ${fromServer} server</span><span>last seen ${escapeHtml(clock(v.last_ms, nowMs))}</span></div>` + (split ? splitNotice(split) : "") + `</header>` + (hidden > 0 ? `<p class="more">${hidden} earlier event${hidden === 1 ? "" : "s"} not shown</p>` : "") + `<ol class="timeline">${v.events.map((e) => eventRow(e, nowMs, "visitor")).join("")}</ol></section>`;
}
function splitNotice(split) {
  const s = split.server_event;
  const b = split.browser_event;
  const seconds = Math.round(split.gap_ms / 1e3);
  const when = seconds === 0 ? "within a second of" : `${seconds} s ${s.ts_ms >= b.ts_ms ? "after" : "before"}`;
  const where = b.path ? ` on <code>${escapeHtml(truncate(b.path, 60))}</code>` : "";
  return `<div class="split-why"><p class="reason"><b>Likely split:</b> its server event <code>${escapeHtml(truncate(s.event, 60))}</code> came ${when} a <code>${escapeHtml(truncate(b.event, 60))}</code>${where} from browser-only visitor <code>${escapeHtml(split.browser_anonymous_id)}</code>: one person, two ids.</p><p class="fix"><b>Fix:</b> the browser did not adopt the server's id. Check that the proxy/middleware runs on this page and that the provider reads the <code>aid</code> cookie:</p><ul><li><b>Next.js</b> <code>withMillimetric()</code> in <code>proxy.ts</code> (<code>middleware.ts</code> before Next 16) with this page in its matcher, and <code>&lt;MillimetricProvider&gt;</code> in the root layout</li><li><b>Express, Fastify</b> <code>millimetric()</code> registered before this page's route, and its script (<code>res.locals.millimetric.script</code>, <code>request.millimetric.script</code>) in the page's <code>&lt;head&gt;</code></li><li><b>Remix, React Router</b> <code>millimetricLoader</code> in the root loader, and <code>&lt;MillimetricScript&gt;</code> with <code>&lt;MillimetricProvider&gt;</code> in <code>root.tsx</code></li><li><b>fetch handlers</b> (Hono, Workers, Bun) the handler wrapped in <code>withMillimetric()</code>, and <code>aidScript()</code> in the page's <code>&lt;head&gt;</code></li><li><b>Static page, script tag</b> <code>init({ key, anonymousId: pageAid() })</code>, or the <code>a.js</code> tag, which reads the cookie by itself</li></ul></div>`;
}
function eventRow(e, nowMs, where) {
  const where_ = e.path ?? e.url ?? "";
  const props = summarise(e.properties);
  let note = "";
  if (e.event === "$identify" && e.user_id !== null) {
    note = `<span class="chip user"><span class="k">identified as</span>${escapeHtml(e.user_id)}</span>`;
  }
  if (e.aid_missing) {
    const why = where === "visitor" ? `no anonymous_id \xB7 joined only through user_id ${e.user_id}` : e.user_id === null ? "no anonymous_id and no user_id" : `no anonymous_id \xB7 user_id ${e.user_id} was never identified in a browser`;
    note += `<span class="flag">${escapeHtml(why)}</span>`;
  }
  return `<li class="ev ${escapeHtml(e.source)}${e.aid_missing ? " missing" : ""}"><time datetime="${escapeHtml(e.timestamp)}" title="${escapeHtml(`${e.timestamp} \xB7 received ${e.received_at}`)}">${escapeHtml(clock(e.ts_ms, nowMs))}</time><span class="pill ${escapeHtml(e.source)}">${escapeHtml(e.source)}</span><span class="name">${escapeHtml(e.event)}</span><span class="detail">${where_ ? `<span class="path">${escapeHtml(truncate(where_, 80))}</span>` : ""}` + (props ? `<span class="props" title="${escapeHtml(truncate(e.properties ?? "", 2e3))}">${escapeHtml(props)}</span>` : "") + `${note}</span></li>`;
}
function summarise(json) {
  if (!json) return "";
  let props;
  try {
    props = JSON.parse(json);
  } catch {
    return "";
  }
  const entries = Object.entries(props).filter(([k]) => !k.startsWith("$"));
  const shown = entries.slice(0, 3).map(([k, v]) => `${truncate(k, 30)}: ${truncate(JSON.stringify(v) ?? "null", 40)}`);
  if (entries.length > 3) shown.push(`+${entries.length - 3} more`);
  return shown.join("  ");
}
function truncate(s, max) {
  return s.length > max ? `${s.slice(0, max - 1)}\u2026` : s;
}
function clock(ms, nowMs) {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === new Date(nowMs).toDateString()) return time;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}${d.getFullYear() === new Date(nowMs).getFullYear() ? "" : ` ${d.getFullYear()}`} ${time}`;
}

// src/renderEventsPage.ts
var CSS = `
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
var SCRIPT = `
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
    status.textContent = "live \xB7 updated " + new Date().toTimeString().slice(0, 8);
  } catch {
    dot.classList.add("off");
    status.textContent = "server unreachable, retrying";
  }
}
setInterval(refresh, REFRESH_MS);
document.addEventListener("visibilitychange", refresh);
`;
function renderEventsPage(data, options) {
  const nowMs = options.nowMs ?? Date.now();
  const nonce = escapeHtml(options.nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Millimetric \xB7 local events</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
<div class="top"><h1>Millimetric <span>local events</span></h1>
<div class="live"><span class="dot" id="dot"></span><span id="status">live</span></div></div>
<main id="app">${renderEventsBody(data, nowMs)}</main>
<script nonce="${nonce}">${SCRIPT.replace("REFRESH_MS", String(Math.max(500, options.refreshMs ?? 3e3)))}</script>
</body>
</html>`;
}

// src/sendJson.ts
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff"
  });
  res.end(text);
}
var SESSION_SECONDS = 1800;
function toStoredEvent(e, ctx) {
  const ts = e.timestamp === void 0 ? ctx.now : Date.parse(e.timestamp);
  const aidMissing = e.anonymous_id === void 0;
  const anonymousId = e.anonymous_id ?? (e.user_id === void 0 ? mintId(pooledRandomHex) : null);
  return {
    event: e.event,
    event_id: e.event_id ?? null,
    timestamp: e.timestamp === void 0 ? ctx.receivedAt : new Date(ts).toISOString(),
    ts_ms: ts,
    anonymous_id: anonymousId,
    user_id: e.user_id ?? null,
    session_id: e.session_id ?? (anonymousId === null ? null : `${anonymousId}-${Math.floor(ts / 1e3 / SESSION_SECONDS)}`),
    url: e.url ?? null,
    path: e.path ?? (e.url === void 0 ? null : pathOf(e.url)),
    referrer: e.referrer ?? null,
    properties: e.properties === void 0 ? null : JSON.stringify(e.properties),
    source: ctx.source,
    received_at: ctx.receivedAt,
    aid_missing: aidMissing ? 1 : 0,
    browser: ctx.agent.browser,
    os: ctx.agent.os,
    device_type: ctx.agent.device_type
  };
}
function pathOf(url) {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

// src/createRequestHandler.ts
var KIB = 1024;
var ROUTES = {
  "/v1/track": { method: "POST", write: "track", limit: "track", maxBytes: 64 * KIB },
  "/v1/batch": { method: "POST", write: "batch", limit: "batch", maxBytes: 1024 * KIB },
  "/v1/identify": { method: "POST", write: "identify", limit: "track", maxBytes: 64 * KIB },
  "/v1/forget": { method: "POST", write: "forget", maxBytes: 16 * KIB },
  "/v1/query": { method: "GET" },
  "/v1/a.js": { method: "GET" },
  "/": { method: "GET" }
};
var NO_AGENT = { browser: null, os: null, device_type: null };
function createRequestHandler(ctx) {
  return (req, res) => {
    handle(ctx, req, res).catch((err) => fail(ctx, req, res, err));
  };
}
async function handle(ctx, req, res) {
  if (ctx.isClosing()) res.setHeader("Connection", "close");
  const host = req.headers.host;
  if (!ctx.isAllowedHost(host)) throw hostNotAllowed(ctx, req, host);
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  const pathname = q === -1 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q === -1 ? "" : raw.slice(q + 1));
  const origin = req.headers.origin;
  const api = pathname.startsWith("/v1/");
  if (api) {
    res.setHeader("Vary", "Origin");
    if (origin !== void 0 && ctx.isAllowedOrigin(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", "Retry-After");
    }
  }
  const route = Object.prototype.hasOwnProperty.call(ROUTES, pathname) ? ROUTES[pathname] : void 0;
  if (!route) {
    throw new HttpError(404, "not_found", {
      message: `[millimetric] no route ${pathname.slice(0, 200)}; routes: ${Object.keys(ROUTES).join(", ")}`
    });
  }
  const method = req.method === "HEAD" ? "GET" : req.method;
  if (method === "OPTIONS" && api) return preflight(ctx, res, origin, route);
  if (method !== route.method) {
    throw new HttpError(
      405,
      "method_not_allowed",
      { message: `[millimetric] ${pathname} answers ${route.method} only` },
      {},
      { Allow: api ? `${route.method}, OPTIONS` : route.method }
    );
  }
  if (route.write) return write(ctx, req, res, query, origin, route, route.write);
  if (pathname === "/v1/query") return read(ctx, req, res, query);
  if (pathname === "/v1/a.js") return script(ctx, res);
  return page(ctx, res, query);
}
function preflight(ctx, res, origin, route) {
  if (origin === void 0 || !ctx.isAllowedOrigin(origin)) throw originNotAllowed(ctx, origin);
  res.writeHead(204, {
    "Access-Control-Allow-Methods": `${route.method}, OPTIONS`,
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
    "Content-Length": "0"
  });
  res.end();
}
async function write(ctx, req, res, query, origin, route, kind) {
  const key = ctx.authenticate(req, query, true);
  if (kind === "forget" && key.kind !== "sk") {
    throw new HttpError(403, "forget_requires_secret_key", {
      message: "[millimetric] /v1/forget deletes data: call it from your server with the sk_ key",
      key_kind: key.kind
    });
  }
  if (key.kind !== "pk" && key.kind !== "sk") {
    throw new HttpError(403, "insufficient_scope", {
      message: `[millimetric] a ${key.kind}_ key cannot write events; use pk_ in a browser or sk_ on a server`,
      key_kind: key.kind
    });
  }
  if (key.kind === "pk" && (origin === void 0 || !ctx.isAllowedOrigin(origin))) throw originNotAllowed(ctx, origin);
  if (route.limit) {
    const waitMs = ctx.limiter.take(ctx.project, route.limit);
    if (waitMs > 0) throw rateLimited(ctx, route.limit, waitMs);
  }
  const body = parseJsonObject(await readBody(req, route.maxBytes));
  const now = Date.now();
  const arrival = {
    source: key.kind === "pk" ? "browser" : "server",
    now,
    receivedAt: new Date(now).toISOString(),
    // A server's User-Agent says "node", not who the visitor is.
    agent: key.kind === "pk" ? parseUserAgent(req.headers["user-agent"]) : NO_AGENT
  };
  switch (kind) {
    case "track": {
      const event = checkTrackBody(body, now);
      ctx.store.insert([toStoredEvent(event, arrival)]);
      return sendJson(res, 202, { ok: true, event_id: event.event_id ?? null });
    }
    case "batch": {
      const events = checkBatchBody(body, now);
      ctx.store.insert(events.map((e) => toStoredEvent(e, arrival)));
      return sendJson(res, 202, { ok: true, count: events.length });
    }
    case "identify": {
      ctx.store.insert([toStoredEvent(checkIdentifyBody(body, now), arrival)]);
      return sendJson(res, 200, { ok: true });
    }
    case "forget": {
      ctx.store.forget(checkForgetBody(body));
      return sendJson(res, 200, { ok: true, queued: true });
    }
  }
}
function read(ctx, req, res, query) {
  const key = ctx.authenticate(req, query, false);
  if (key.kind !== "rk" && key.kind !== "sk") {
    throw new HttpError(403, "insufficient_scope", {
      message: `[millimetric] reading events needs the rk_ (or sk_) key, not a ${key.kind}_ key`,
      key_kind: key.kind
    });
  }
  sendJson(res, 200, { events: ctx.store.query(parseQueryParams(query)) });
}
async function script(ctx, res) {
  const path = ctx.scriptPath();
  let source;
  try {
    if (path !== void 0) source = await readFile(path);
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
  }
  if (source === void 0) {
    throw new HttpError(503, "script_unavailable", {
      message: "[millimetric] the browser SDK's script-tag build is not there yet: build it with `npm run build -w @millimetric/track` (it is @millimetric/track's dist/a.js), then reload",
      path: path ?? null
    });
  }
  res.writeHead(200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Content-Length": source.length,
    "Cache-Control": "no-cache",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff"
  });
  res.end(source);
}
function page(ctx, res, query) {
  const data = ctx.store.loadEventsPage();
  const nonce = randomBytes(16).toString("base64");
  const partial = query.get("partial") === "1";
  const html = partial ? renderEventsBody(data, Date.now()) : renderEventsPage(data, { nonce });
  res.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(html),
    "Cache-Control": "no-store",
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer"
  });
  res.end(html);
}
function originNotAllowed(ctx, origin) {
  return new HttpError(403, "origin_not_allowed", {
    message: origin === void 0 ? "[millimetric] a pk_ key works only from a web page (an Origin header); from a server use the sk_ key" : `[millimetric] ${origin.slice(0, 200)} is not an allowed origin; add it to allowedOrigins`,
    origin: origin === void 0 ? null : origin.slice(0, 200),
    allowed_origins: ctx.allowedOrigins
  });
}
function hostNotAllowed(ctx, req, host) {
  const port = req.socket.localPort;
  return new HttpError(421, "host_not_allowed", {
    message: (host === void 0 ? "[millimetric] this request has no Host header (HTTP/1.0?), and the local ingest answers only requests addressed to it by name" : `[millimetric] Host ${host.slice(0, 200)} is not a loopback name or address, so the local ingest does not answer it (a page whose DNS turned into 127.0.0.1 must not read your events)`) + `: open it as http://127.0.0.1:${port} or http://localhost:${port}, or add the name to allowedHosts (CLI --allowed-host, env MILLIMETRIC_INGEST_ALLOWED_HOSTS)`,
    host: host === void 0 ? null : host.slice(0, 200),
    allowed_hosts: ctx.allowedHosts
  });
}
function rateLimited(ctx, route, waitMs) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1e3));
  const limit = ctx.limiter.limit(route);
  return new HttpError(
    429,
    "rate_limited",
    {
      message: `[millimetric] too many ${route} requests for this project; retry after ${seconds}s (SDKs do this for you)`,
      route,
      limit: limit ? { rate_per_second: limit.ratePerSecond, burst: limit.burst } : null
    },
    { retry_after_s: seconds },
    { "Retry-After": String(seconds) }
  );
}
function fail(ctx, req, res, err) {
  if (req.socket.destroyed || res.writableEnded) return;
  if (res.headersSent) {
    ctx.onError(err);
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    sendJson(res, err.status, { error: err.code, details: err.details, ...err.extra }, err.headers);
    return;
  }
  ctx.onError(err);
  sendJson(res, 500, {
    error: "internal_error",
    details: { message: "[millimetric] the local ingest server failed on this request; its console has the stack" }
  });
}

// src/findLikelySplit.ts
var SPLIT_WINDOW_MS = 6e4;
function findLikelySplit(serverEvents, browserOnlyEvents, windowMs = SPLIT_WINDOW_MS) {
  let best = null;
  for (const s of serverEvents) {
    for (const b of browserOnlyEvents) {
      if (b.anonymous_id === null || b.anonymous_id === s.anonymous_id) continue;
      const gap_ms = Math.abs(s.ts_ms - b.ts_ms);
      if (gap_ms > windowMs) continue;
      if (best !== null && best.browser_anonymous_id !== b.anonymous_id) return null;
      const same_path = s.path !== null && s.path === b.path;
      if (best === null || gap_ms < best.gap_ms || gap_ms === best.gap_ms && same_path && !best.same_path) {
        best = { browser_anonymous_id: b.anonymous_id, server_event: s, browser_event: b, gap_ms, same_path };
      }
    }
  }
  return best;
}
var SPLIT_SCAN = 200;
var COLUMNS = [
  "event",
  "event_id",
  "timestamp",
  "ts_ms",
  "anonymous_id",
  "user_id",
  "session_id",
  "url",
  "path",
  "referrer",
  "properties",
  "source",
  "received_at",
  "aid_missing",
  "browser",
  "os",
  "device_type"
];
var SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  event TEXT NOT NULL,
  event_id TEXT,
  timestamp TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  anonymous_id TEXT,
  user_id TEXT,
  session_id TEXT,
  url TEXT,
  path TEXT,
  referrer TEXT,
  properties TEXT,
  source TEXT NOT NULL CHECK (source IN ('browser', 'server')),
  received_at TEXT NOT NULL,
  aid_missing INTEGER NOT NULL DEFAULT 0,
  browser TEXT,
  os TEXT,
  device_type TEXT
);
-- De-duplication is per source, so a pk_ event (anyone can send one) cannot claim a
-- server event's id and make it vanish. 0.1.0's index was on event_id alone.
-- NULLs are distinct in a UNIQUE index: events without event_id are all kept.
DROP INDEX IF EXISTS events_event_id;
CREATE UNIQUE INDEX IF NOT EXISTS events_source_event_id ON events (source, event_id);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts_ms);
CREATE INDEX IF NOT EXISTS events_anonymous_id ON events (anonymous_id, aid_missing, ts_ms);
CREATE INDEX IF NOT EXISTS events_user_id ON events (user_id);
CREATE INDEX IF NOT EXISTS events_aid_missing ON events (ts_ms) WHERE aid_missing = 1;
-- Which sources each visitor has: the events page's stitching health reads it whole (an
-- index-only scan) and the split rule probes it per visitor.
CREATE INDEX IF NOT EXISTS events_visitor_source ON events (anonymous_id, source) WHERE aid_missing = 0;
CREATE TABLE IF NOT EXISTS api_keys (kind TEXT PRIMARY KEY, key TEXT NOT NULL);
`;
var EventStore = class {
  constructor(path) {
    this.path = path;
    this.db = new Database(path);
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("busy_timeout = 5000");
      this.db.pragma("cache_size = -65536");
      this.db.pragma("temp_store = MEMORY");
      this.db.exec(SCHEMA);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.insertOne = this.db.prepare(
      // Named parameters: a row binds by column name, so the two lists cannot drift apart.
      `INSERT OR IGNORE INTO events (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => "@" + c).join(", ")})`
    );
    this.insertAll = this.db.transaction((rows) => {
      for (const r of rows) this.insertOne.run(r);
    });
    this.deleteUser = this.db.prepare("DELETE FROM events WHERE user_id = ?");
  }
  path;
  db;
  insertOne;
  insertAll;
  deleteUser;
  statements = /* @__PURE__ */ new Map();
  /** Whether the database is still open (false after {@link close}). */
  get open() {
    return this.db.open;
  }
  /** Writes `rows` in one transaction: all of them or, on any error, none. An event_id already stored from the same source is skipped. */
  insert(rows) {
    this.insertAll(rows);
  }
  /** Deletes every row carrying `userId`; returns how many. */
  forget(userId) {
    return this.deleteUser.run(userId).changes;
  }
  /** Rows matching `filters`, newest first. */
  query(filters) {
    const where = [];
    const params = [];
    if (filters.fromMs !== void 0) where.push("ts_ms >= ?"), params.push(filters.fromMs);
    if (filters.toMs !== void 0) where.push("ts_ms < ?"), params.push(filters.toMs);
    for (const field of ["event", "user_id", "anonymous_id"]) {
      const value = filters[field];
      if (value !== void 0) where.push(`${field} = ?`), params.push(value);
    }
    const sql = "SELECT event, event_id, timestamp, anonymous_id, user_id, session_id, url, path, referrer, properties, source, received_at FROM events" + (where.length ? ` WHERE ${where.join(" AND ")}` : "") + " ORDER BY ts_ms DESC, seq DESC LIMIT ?";
    const rows = this.statement(sql).all(...params, filters.limit);
    return rows.map((r) => ({ ...r, properties: r.properties === null ? null : JSON.parse(r.properties) }));
  }
  /**
   * The events page: the `visitorLimit` most recently active visitors, each with its
   * newest `eventsPerVisitor` events, plus the events nobody can stitch.
   */
  loadEventsPage(visitorLimit = 30, eventsPerVisitor = 100) {
    const perVisitor = this.statement(
      `SELECT COUNT(*) AS visitors, COALESCE(SUM(s), 0) AS serverEvents,
         COALESCE(SUM(CASE WHEN b > 0 THEN s ELSE 0 END), 0) AS stitchedServerEvents,
         COALESCE(SUM(b = 0), 0) AS serverOnlyVisitors, COALESCE(SUM(s = 0), 0) AS browserOnlyVisitors
       FROM (SELECT SUM(source = 'browser') AS b, SUM(source = 'server') AS s FROM events
             WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id)`
    ).get();
    const { visitors: visitorCount, ...stitching } = perVisitor;
    const totals = {
      events: this.statement("SELECT COUNT(*) AS n FROM events").get().n,
      visitors: visitorCount,
      aidMissing: this.statement("SELECT COUNT(*) AS n FROM events WHERE aid_missing = 1").get().n
    };
    const recent = this.statement(
      "SELECT anonymous_id, MAX(ts_ms) AS last_ms FROM events WHERE aid_missing = 0 AND anonymous_id IS NOT NULL GROUP BY anonymous_id ORDER BY last_ms DESC LIMIT ?"
    ).all(visitorLimit);
    const linkedUsers = this.statement(
      "SELECT DISTINCT user_id FROM events WHERE anonymous_id = ? AND aid_missing = 0 AND user_id IS NOT NULL ORDER BY user_id"
    );
    const timeline = this.statement(
      `SELECT * FROM events WHERE anonymous_id = @aid AND aid_missing = 0
       UNION ALL
       SELECT * FROM events WHERE aid_missing = 1 AND user_id IN
         (SELECT user_id FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND user_id IS NOT NULL)
       ORDER BY ts_ms DESC, seq DESC LIMIT @limit`
    );
    const count2 = this.statement(
      `SELECT (SELECT COUNT(*) FROM events WHERE anonymous_id = @aid AND aid_missing = 0) +
              (SELECT COUNT(*) FROM events WHERE aid_missing = 1 AND user_id IN
                (SELECT user_id FROM events WHERE anonymous_id = @aid AND aid_missing = 0 AND user_id IS NOT NULL)) AS n`
    );
    const sources = this.statement(
      "SELECT COALESCE(SUM(source = 'browser'), 0) AS browser, COALESCE(SUM(source = 'server'), 0) AS server FROM events WHERE anonymous_id = ? AND aid_missing = 0"
    );
    const visitors = recent.map(({ anonymous_id }) => {
      const events = timeline.all({ aid: anonymous_id, limit: eventsPerVisitor }).reverse();
      const own = sources.get(anonymous_id);
      const serverOnly = own.browser === 0 && own.server > 0;
      return {
        anonymous_id,
        user_ids: linkedUsers.all(anonymous_id).map((r) => r.user_id),
        events,
        total: count2.get({ aid: anonymous_id }).n,
        last_ms: events.length ? events[events.length - 1].ts_ms : 0,
        browser_events: own.browser,
        server_events: own.server,
        likely_split: serverOnly ? this.likelySplit(events) : null
      };
    });
    visitors.sort((a, b) => b.last_ms - a.last_ms);
    const unstitched = this.statement(
      `SELECT * FROM events e WHERE aid_missing = 1 AND (user_id IS NULL OR NOT EXISTS
         (SELECT 1 FROM events l WHERE l.user_id = e.user_id AND l.aid_missing = 0))
       ORDER BY ts_ms DESC, seq DESC LIMIT ?`
    ).all(visitorLimit);
    return { totals, stitching, visitors, unstitched };
  }
  /**
   * The split rule ({@link findLikelySplit}) for one server-only visitor: for each of its
   * newest server events, the closest browser event of up to two browser-only visitors. Each probe walks the
   * time index outwards from the server event and reads at most {@link SPLIT_SCAN} rows
   * each way, so a burst of traffic (a load test, a backfill) cannot make the page slow;
   * within such a burst, pairing by time would mean nothing anyway.
   */
  likelySplit(timeline) {
    const serverEvents = timeline.filter((e) => e.source === "server" && e.aid_missing === 0).slice(-10);
    const near = this.statement(
      // Per browser-only visitor nearby, its closest event (SQLite takes the bare columns
      // from the MIN row); two visitors are enough to know the pairing is ambiguous.
      `SELECT anonymous_id, event, ts_ms, path, MIN(abs(ts_ms - @at)) AS gap_ms FROM (
         SELECT * FROM (SELECT anonymous_id, event, ts_ms, path, source, aid_missing FROM events INDEXED BY events_ts
                        WHERE ts_ms >= @at AND ts_ms <= @at + @window ORDER BY ts_ms LIMIT @scan)
         UNION ALL
         SELECT * FROM (SELECT anonymous_id, event, ts_ms, path, source, aid_missing FROM events INDEXED BY events_ts
                        WHERE ts_ms < @at AND ts_ms >= @at - @window ORDER BY ts_ms DESC LIMIT @scan)
       ) b
       WHERE b.source = 'browser' AND b.aid_missing = 0 AND b.anonymous_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM events s WHERE s.anonymous_id = b.anonymous_id AND s.aid_missing = 0 AND s.source = 'server')
       GROUP BY b.anonymous_id ORDER BY MIN(abs(b.ts_ms - @at)) LIMIT 2`
    );
    const candidates = serverEvents.flatMap(
      (e) => near.all({ at: e.ts_ms, window: SPLIT_WINDOW_MS, scan: SPLIT_SCAN }).map(
        ({ gap_ms: _, ...event }) => event
      )
    );
    return findLikelySplit(serverEvents, candidates);
  }
  /** The stored key of one kind, if any. */
  getKey(kind) {
    return this.statement("SELECT key FROM api_keys WHERE kind = ?").get(kind)?.key;
  }
  /** Stores a generated key so the next start uses the same one. */
  setKey(kind, key) {
    this.statement("INSERT OR REPLACE INTO api_keys (kind, key) VALUES (?, ?)").run(kind, key);
  }
  /** Closes the database (idempotent). */
  close() {
    if (this.db.open) this.db.close();
  }
  statement(sql) {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, st = this.db.prepare(sql));
    return st;
  }
};
var DEFAULT_RATE_LIMITS = PUBLISHED_RATE_LIMITS;
var RateLimiter = class {
  constructor(limits = {}, now = Date.now) {
    this.now = now;
    this.limits = limits === false ? { track: false, batch: false } : { track: limits.track ?? DEFAULT_RATE_LIMITS.track, batch: limits.batch ?? DEFAULT_RATE_LIMITS.batch };
    for (const [route, limit] of Object.entries(this.limits)) {
      if (limit && !(limit.ratePerSecond > 0 && limit.burst >= 1)) {
        throw new TypeError(
          `[millimetric] rateLimits.${route} needs ratePerSecond > 0 and burst >= 1 (got ${JSON.stringify(limit)}); use false to disable it`
        );
      }
    }
  }
  now;
  buckets = /* @__PURE__ */ new Map();
  limits;
  /** The limit in force for `route`, or false. */
  limit(route) {
    return this.limits[route];
  }
  /** Takes a token: 0 when allowed, else the milliseconds until one is available. */
  take(project, route) {
    const limit = this.limits[route];
    if (!limit) return 0;
    const id = `${project}
${route}`;
    let bucket = this.buckets.get(id);
    if (!bucket) this.buckets.set(id, bucket = new TokenBucket(limit.ratePerSecond, limit.burst, this.now));
    return bucket.take();
  }
};
var SLOTS = [
  ["publishable", "pk", "MILLIMETRIC_PUBLISHABLE_KEY"],
  ["secret", "sk", "MILLIMETRIC_SECRET_KEY"],
  ["read", "rk", "MILLIMETRIC_READ_KEY"]
];
function resolveKeys(store, given = {}, env = {}) {
  const keys = {};
  for (const [slot, kind, envName] of SLOTS) {
    const fromOption = given[slot];
    const fromEnv = env[envName] || void 0;
    const key = fromOption ?? fromEnv ?? store.getKey(kind);
    if (key === void 0) {
      keys[slot] = `${kind}_test_${randomHex(4)}_${randomHex(16)}`;
      store.setKey(kind, keys[slot]);
      continue;
    }
    const where = fromOption !== void 0 ? `options.keys.${slot}` : fromEnv !== void 0 ? envName : "the database";
    const parsed = parseApiKey(key);
    if (!parsed || parsed.kind !== kind) {
      throw new TypeError(
        `[millimetric] ${where} must be a ${kind}_ key shaped {kind}_{env}_{prefix}_{secret}, e.g. ${kind}_test_1a2b3c4d_<24+ letters, digits, "_" or "-">`
      );
    }
    keys[slot] = key;
  }
  return keys;
}
function resolveScriptPath() {
  const require2 = createRequire(import.meta.url);
  try {
    return require2.resolve("@millimetric/track/a.js");
  } catch {
  }
  try {
    return join(dirname(require2.resolve("@millimetric/track/package.json")), "dist", "a.js");
  } catch {
    return void 0;
  }
}

// src/startIngest.ts
var DEFAULT_ALLOWED_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];
var DEFAULT_DB_PATH = ".millimetric/ingest.sqlite";
var MEMORY = ":memory:";
async function startIngest(options = {}) {
  const env = options.env ?? process.env;
  const host = options.host ?? (env.MILLIMETRIC_INGEST_HOST || "127.0.0.1");
  const port = options.port ?? portFrom(env.MILLIMETRIC_INGEST_PORT) ?? 8787;
  const dbOption = options.dbPath ?? (env.MILLIMETRIC_INGEST_DB || DEFAULT_DB_PATH);
  const dbPath = dbOption === MEMORY ? MEMORY : resolve(dbOption);
  const requestTimeoutMs = options.requestTimeoutMs ?? 1e4;
  const allowedOrigins = options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS;
  const allowedHosts = options.allowedHosts ?? listFrom(env.MILLIMETRIC_INGEST_ALLOWED_HOSTS);
  const isAllowedHost = createHostMatcher(allowedHosts, options.allowedHosts ? "allowedHosts" : "MILLIMETRIC_INGEST_ALLOWED_HOSTS");
  const limiter = new RateLimiter(options.rateLimits);
  const onError = options.onError ?? ((err) => console.error("[millimetric] ingest: unexpected error while handling a request:", err));
  if (dbPath !== MEMORY) mkdirSync(dirname(dbPath), { recursive: true });
  const store = new EventStore(dbPath);
  let keys;
  try {
    keys = resolveKeys(store, options.keys, env);
  } catch (err) {
    store.close();
    throw err;
  }
  let closing;
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(requestTimeoutMs, 6e4),
      // How often Node looks for requests past their timeout (its default is 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1e3, requestTimeoutMs / 4)),
      keepAliveTimeout: 5e3
    },
    createRequestHandler({
      store,
      authenticate: createAuthenticator(keys),
      isAllowedOrigin: createOriginMatcher(allowedOrigins),
      allowedOrigins,
      isAllowedHost,
      allowedHosts,
      limiter,
      scriptPath: options.scriptPath === void 0 ? resolveScriptPath : () => options.scriptPath,
      onError,
      isClosing: () => closing !== void 0,
      project: "dev"
    })
  );
  const active = /* @__PURE__ */ new Set();
  server.on("request", (_req, res) => {
    active.add(res);
    res.on("close", () => {
      active.delete(res);
      if (closing) server.closeIdleConnections();
    });
  });
  try {
    await new Promise((ok, fail2) => {
      server.once("error", fail2);
      server.listen(port, host, () => {
        server.off("error", fail2);
        ok();
      });
    });
  } catch (err) {
    store.close();
    const code = err.code;
    if (code === "EADDRINUSE") {
      throw new Error(
        `[millimetric] ${host}:${port} is already in use: stop the other server, or pick another port (option port, env MILLIMETRIC_INGEST_PORT; 0 picks a free one)`,
        { cause: err }
      );
    }
    throw err;
  }
  const address = server.address();
  const urlHost = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  const grace = options.shutdownGraceMs ?? 5e3;
  return {
    url: `http://${host === "localhost" ? "localhost" : urlHost}:${address.port}`,
    keys,
    dbPath,
    close() {
      closing ??= new Promise((done) => {
        server.close(() => {
          clearTimeout(force);
          store.close();
          done();
        });
        for (const res of active) if (!res.headersSent) res.setHeader("Connection", "close");
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), grace);
        force.unref();
      });
      return closing;
    }
  };
}
function listFrom(value) {
  return (value ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
}
function portFrom(value) {
  if (!value) return void 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new TypeError(`[millimetric] MILLIMETRIC_INGEST_PORT must be a port number 0\u201365535 (got ${JSON.stringify(value)})`);
  }
  return n;
}

// src/cli.ts
var HELP = `Usage: millimetric-ingest [options]

Starts the local Millimetric ingest API and events page.

Options:
  --port <n>            port (default 8787, env MILLIMETRIC_INGEST_PORT; 0 = any free port)
  --host <addr>         interface (default 127.0.0.1, env MILLIMETRIC_INGEST_HOST)
  --db <file>           SQLite file (default .millimetric/ingest.sqlite, env MILLIMETRIC_INGEST_DB;
                        :memory: keeps it in memory)
  --origin <o>          allowed browser origin, repeatable (default http://localhost:* and http://127.0.0.1:*)
  --allowed-host <h>    a Host name to answer besides the loopback ones, repeatable: "devbox.lan" (any port),
                        "devbox.lan:8787" (that port), "*" (every Host); env MILLIMETRIC_INGEST_ALLOWED_HOSTS,
                        comma-separated. Other Hosts get 421 (the events page has no login)
  --no-rate-limit       turn off the 429 token buckets
  -h, --help            this text

Keys: MILLIMETRIC_PUBLISHABLE_KEY, MILLIMETRIC_SECRET_KEY, MILLIMETRIC_READ_KEY fix them;
otherwise they are generated once and kept in the database.`;
async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        db: { type: "string" },
        origin: { type: "string", multiple: true },
        "allowed-host": { type: "string", multiple: true },
        "no-rate-limit": { type: "boolean" },
        help: { type: "boolean", short: "h" }
      }
    }).values;
  } catch (err) {
    console.error(`[millimetric] ${err.message}

${HELP}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(HELP);
    return;
  }
  const port = args.port === void 0 ? void 0 : Number(args.port);
  if (port !== void 0 && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    console.error(`[millimetric] --port must be a number 0\u201365535 (got ${args.port})`);
    process.exit(2);
  }
  const ingest = await startIngest({
    port,
    host: args.host,
    dbPath: args.db,
    allowedOrigins: args.origin,
    allowedHosts: args["allowed-host"],
    rateLimits: args["no-rate-limit"] ? false : void 0
  });
  const { url, keys } = ingest;
  console.log(
    [
      `[millimetric] local ingest listening on ${url}`,
      `  events page      ${url}/`,
      `  database         ${ingest.dbPath}`,
      `  publishable key  ${keys.publishable}   (browser, from allowed origins)`,
      `  secret key       ${keys.secret}   (server only: never in a browser bundle)`,
      `  read key         ${keys.read}   (GET /v1/query)`,
      `  script tag       <script async src="${url}/v1/a.js" data-key="${keys.publishable}" data-host="${url}"></script>`,
      `Fix the keys with MILLIMETRIC_PUBLISHABLE_KEY / MILLIMETRIC_SECRET_KEY / MILLIMETRIC_READ_KEY. Ctrl-C stops.`
    ].join("\n")
  );
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return process.exit(1);
    stopping = true;
    console.log(`[millimetric] ${signal}: finishing in-flight requests, closing the database`);
    ingest.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}
main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
//# sourceMappingURL=cli.js.map
//# sourceMappingURL=cli.js.map