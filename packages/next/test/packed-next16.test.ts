// Fixture A (test/apps/next16): Next 16 with Turbopack, the README's proxy.ts, the App
// Router and the Pages Router in one app, installed from the packed tarballs; its proxy
// turns the first-party relay on, so every browser event of the suite goes through /_mm.
import { describeNextContract } from "./packed/nextContractSuite";
import { NEXT_16, REACT_19, TYPES_REACT_19 } from "./packed/versions";

describeNextContract(
  "next16",
  {
    template: "next16",
    dependencies: { next: NEXT_16, react: REACT_19, "react-dom": REACT_19 },
    devDependencies: TYPES_REACT_19,
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
      reactVersion: REACT_19,
    },
    relay: { path: "/_mm" },
  },
);
