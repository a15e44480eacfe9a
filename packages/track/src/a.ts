// The script-tag build: <script async src=".../a.js" data-key="pk_live_…" data-host="…">
import { anonymousIdHeaders, flush, getAnonymousId, identify, init, isOptedOut, optIn, optOut, page, pageAid, reset, setAnonymousId, track } from "./index";

const script = document.currentScript as HTMLScriptElement | null;
// Exposed first, so page code calling window.mm never breaks, even with a refused key.
(window as unknown as { mm: object }).mm = { track, identify, page, flush, getAnonymousId, anonymousIdHeaders, setAnonymousId, reset, optOut, optIn, isOptedOut };
// The server's id from window.__aid, else from its aid cookie (pages with no script of ours).
if (script) init({ key: script.dataset.key!, host: script.dataset.host, anonymousId: pageAid() });
