// The neutral name every module imports. The build redirects it to the runtime's variant
// (see tsup.config.ts); type checks and the workspace tests get the Node one.
export { runWithContext, getContext, hasAsyncContext } from "./requestContext.node";
