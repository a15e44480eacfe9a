import { warnOnce } from "@millimetric/core";

/** An app's `isVisitorRequest` that throws costs the request its id (the safe side), never the request. */
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
