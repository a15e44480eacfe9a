// Fixture C (test/apps/next15): the newest Next 15.5 (webpack), the README's middleware.ts
// (edge runtime), and React 18.3.1: the Pages Router renders with it, the App Router with
// Next's bundled React. Its layout keeps the old <MillimetricScript /> line, which must
// leave the static page static.
import { describeNextContract } from "./packed/nextContractSuite";
import { NEXT_15, REACT_18, TYPES_REACT_18 } from "./packed/versions";

describeNextContract(
  "next15",
  {
    template: "next15",
    dependencies: { next: NEXT_15, react: REACT_18, "react-dom": REACT_18 },
    devDependencies: TYPES_REACT_18,
  },
  {
    staticPage: { path: "/static", markers: ["○"] },
    trackingPage: { path: "/dynamic", event: "dynamic_view", markers: ["ƒ"] },
    nodeRoute: { path: "/api/node", event: "node_hit", webhookEvent: "node_webhook" },
    edgeRoute: { path: "/api/edge", event: "edge_hit" },
    action: { path: "/action", event: "action_submit" },
    pages: {
      gssp: { path: "/gssp", event: "gssp_view" },
      staticPage: "/pstatic",
      api: { path: "/api/hit", event: "pages_api_hit", webhookEvent: "pages_webhook" },
      reactVersion: REACT_18,
    },
  },
);
