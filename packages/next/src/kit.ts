import { AdapterKit } from "@millimetric/track-node/adapter";

/**
 * This package's share of the adapter kit: the client source `/server` and `/pages` send
 * through, the registry `flush()` settles (`millimetric.next.clients`), and its wording.
 * Next bundles route handlers, server components and actions separately, so the source
 * itself lives in the process-wide server state (`serverState`), not in this module.
 */
export const kit = new AdapterKit({
  name: "next",
  handledBy: "Next.js",
  keyFix: " (server only, never NEXT_PUBLIC_), or call configureMillimetric({ key }) from @millimetric/next/server",
  contextFix: (fn) =>
    `Call ${fn}() from a route handler, server action or server component. In the Pages Router (getServerSideProps, pages/api, getInitialProps) ` +
    `use @millimetric/next/pages: \`${fn}(req, …)\`. For scripts and jobs use @millimetric/track-node.`,
  visitorOption: 'withMillimetric({ isVisitorRequest }) in proxy.ts, or pass anonymous_id from a route that has one',
});
