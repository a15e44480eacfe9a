import { emit } from "./emit";

let last: string | undefined;

// One $pageview per real URL change: a replaceState to the same URL or a hash-only
// change (which also fires popstate) is not a new page.
function pageview() {
  const k = location.pathname + location.search;
  if (k != last) (last = k), emit("$pageview");
}

/** Sends the first $pageview and one per SPA navigation (history API and back/forward). */
export function watchPageviews() {
  for (const m of ["pushState", "replaceState"] as const) {
    const orig = history[m];
    history[m] = function (this: History) {
      orig.apply(this, arguments as never);
      pageview();
    };
  }
  addEventListener("popstate", pageview);
  pageview();
}
