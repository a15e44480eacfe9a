import type { RequestMillimetric } from "@millimetric/track-node/adapter";

// Declaration merging with @types/express (4 and 5): below app.use(millimetric()) every
// request has `req.millimetric` and `res.locals.millimetric`.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The visitor's id and `track`/`identify` bound to this request (set by `millimetric()`). */
      millimetric: RequestMillimetric;
    }
    interface Locals {
      /** The same as `req.millimetric`, for templates: `<%- millimetric.aidScript() %>` (set by `millimetric()`). */
      millimetric: RequestMillimetric;
    }
  }
}

export {};
