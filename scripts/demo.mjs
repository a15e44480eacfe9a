// `npm run demo`: builds the packages and starts the local ingest server and the demo app.
// Until apps/demo-next lands this says so honestly and only builds.
import { spawnSync } from "node:child_process";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run("npm", ["run", "build"]);
console.log("\n[millimetric] packages built. The demo app (apps/demo-next) is coming; see README.md.");
