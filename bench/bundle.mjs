// Item 1: browser bundle cost of a minimal app entry (init + track), ours vs the peers.
import { bundleSize } from "./lib/bundleSize.mjs";

export const ENTRIES = [
  { name: "@millimetric/track", ours: true, code: `import { init, track } from "@millimetric/track"; init({ key: "pk_test_x" }); track("signup");` },
  { name: "plausible-tracker", code: `import Plausible from "plausible-tracker"; const p = Plausible({ domain: "x.com" }); p.trackEvent("signup");` },
  { name: "@vercel/analytics (loader only)", code: `import { inject, track } from "@vercel/analytics"; inject(); track("signup");` },
  { name: "@amplitude/analytics-browser", code: `import * as a from "@amplitude/analytics-browser"; a.init("k"); a.track("signup");` },
  { name: "mixpanel-browser (core entry)", code: `import m from "mixpanel-browser/dist/mixpanel-core.cjs.js"; m.init("t"); m.track("signup");` },
  { name: "mixpanel-browser", code: `import m from "mixpanel-browser"; m.init("t"); m.track("signup");` },
  { name: "@segment/analytics-next", code: `import { AnalyticsBrowser } from "@segment/analytics-next"; const a = AnalyticsBrowser.load({ writeKey: "k" }); a.track("signup");` },
  { name: "posthog-js (slim entry)", code: `import { posthog } from "posthog-js/dist/module.slim"; posthog.init("phc_x", { api_host: "https://x" }); posthog.capture("signup");` },
  { name: "posthog-js (default)", code: `import posthog from "posthog-js"; posthog.init("phc_x", { api_host: "https://x" }); posthog.capture("signup");` },
];

/** Our provider on top of the browser SDK, React itself excluded (the app has it anyway). */
export const REACT_ENTRY = {
  name: "@millimetric/react provider + hooks (react external)",
  code: `import { MillimetricProvider, useMillimetric } from "@millimetric/react"; export { MillimetricProvider, useMillimetric };`,
};

export async function measureBundles() {
  const rows = [];
  for (const e of ENTRIES) {
    try {
      rows.push({ ...e, ...(await bundleSize(e.code)) });
    } catch (err) {
      rows.push({ ...e, error: String(err.message ?? err).split("\n")[0] });
    }
  }
  const react = { ...REACT_ENTRY, ...(await bundleSize(REACT_ENTRY.code, ["react", "react/jsx-runtime", "react-dom"])) };
  return { rows, react };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, react } = await measureBundles();
  for (const r of [...rows, react]) console.log(r.name.padEnd(48), r.error ?? `${r.min} min / ${r.gzip} gz / ${r.brotli} br`);
}
