import { warnOnce } from "@millimetric/core";

/**
 * An app's `isVisitorRequest`, made safe: one that throws costs the request its id (the
 * safe side), never the request, and is reported once.
 *
 * @example
 * ```ts
 * const isVisitor = options.isVisitorRequest ? guardVisitorRule(options.isVisitorRequest) : isBrowserRequestOf;
 * ```
 */
export function guardVisitorRule<A extends unknown[]>(rule: (...args: A) => boolean): (...args: A) => boolean {
  return (...args) => {
    try {
      return !!rule(...args);
    } catch (err) {
      warnOnce("isVisitorRequest", `[millimetric] isVisitorRequest threw (${String(err)}); the request gets no anonymous id. Make it return false instead of throwing.`);
      return false;
    }
  };
}
