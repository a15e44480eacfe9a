// Fixture B (test/apps/next16-cache): Next 16 with `cacheComponents: true` and the same
// README setup: it still builds, the static page still prerenders, and the id still
// threads from the first request (the tracking part renders inside <Suspense>).
import { describeNextContract } from "./packed/nextContractSuite";
import { NEXT_16, REACT_19, TYPES_REACT_19 } from "./packed/versions";

describeNextContract(
  "next16-cache",
  {
    template: "next16-cache",
    dependencies: { next: NEXT_16, react: REACT_19, "react-dom": REACT_19 },
    devDependencies: TYPES_REACT_19,
  },
  {
    staticPage: { path: "/static", markers: ["○", "◐"] },
    trackingPage: { path: "/tracked", event: "cache_tracked_view", markers: ["◐", "ƒ"] },
    nodeRoute: { path: "/api/node", event: "node_hit", webhookEvent: "node_webhook" },
    pages: {
      gssp: { path: "/gssp", event: "gssp_view" },
      staticPage: "/pstatic",
      api: { path: "/api/hit", event: "pages_api_hit", webhookEvent: "pages_webhook" },
    },
  },
);
