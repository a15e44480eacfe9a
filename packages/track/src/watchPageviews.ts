import { emit } from "./emit";

/** The path + query of the last $pageview sent. */
let lastPage: string | undefined;

// One $pageview per real URL change: a replaceState to the same URL or a hash-only
// change (which also fires popstate) is not a new page.
function pageview() {
  const page = location.pathname + location.search;
  if (page != lastPage) (lastPage = page), emit("$pageview");
}

/** Sends the first $pageview and one per SPA navigation (history API and back/forward). */
export function watchPageviews() {
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      original.apply(this, arguments as never);
      pageview();
    };
  }
  addEventListener("popstate", pageview);
  pageview();
}
