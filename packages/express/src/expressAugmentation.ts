import type { LocalsMillimetric } from "./LocalsMillimetric";
import type { RequestMillimetric } from "./RequestMillimetric";

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
      /** The visitor's id and the `window.__aid` script tag for templates (set by `millimetric()`). */
      millimetric: LocalsMillimetric;
    }
  }
}

export {};
