/**
 * Where a request's context keeps what the adapter knows of its response, so a module-level
 * `track()`/`identify()` can tell it runs in the context of a request that has already
 * finished. Only `destroyed` is read: Node's `ServerResponse` has it (true once it emitted
 * 'close'); adapters on Web `Response`s keep an object of their own and set it when the
 * response has been handed back.
 */
export const RESPONSE_STATE = Symbol.for("millimetric.response");

/** What {@link RESPONSE_STATE} holds. */
export interface ResponseState {
  readonly destroyed: boolean;
}
