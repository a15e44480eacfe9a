/**
 * The shape of React Router's `data(value, init)` (and Remix's single-fetch `data`):
 * both recognise it by these three fields, so we can return it without importing them.
 */
export interface DataWithInit<D> {
  type: string;
  data: D;
  init: ResponseInit | null;
}

/** Whether `value` is a `data()` result. */
export function isDataWithInit(value: unknown): value is DataWithInit<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "DataWithResponseInit" &&
    "data" in value &&
    "init" in value
  );
}

/** `data(value, init)` without importing the router. */
export function dataWithInit<D>(data: D, init: ResponseInit | null): DataWithInit<D> {
  return { type: "DataWithResponseInit", data, init };
}
