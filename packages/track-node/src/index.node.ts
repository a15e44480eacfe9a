// The Node build of the main entry (the `node` export condition): the same API, with
// clients sending through node:http keep-alive agents instead of fetch. Bun, Deno, edge
// runtimes and browsers resolve the plain entry, which imports nothing from node:*.
import { setDefaultTransport } from "./defaultTransport";
import { nodeTransport } from "./nodeTransport";

setDefaultTransport(nodeTransport);

export * from "./index";
