/**
 * The two parts of a batch that a `split` decision sends apart: the events at the
 * positions in `isolate` and the rest, or, without `isolate`, the two halves. Order is
 * kept within each part.
 *
 * @example splitBatch(["a", "b", "c", "d"], [2]) // [["c"], ["a", "b", "d"]]
 * @example splitBatch(["a", "b", "c"]) // [["a"], ["b", "c"]]
 */
export function splitBatch<T>(batch: readonly T[], isolate?: readonly number[]): [T[], T[]] {
  if (!isolate) return [batch.slice(0, batch.length >>> 1), batch.slice(batch.length >>> 1)];
  const named = new Set(isolate);
  return [batch.filter((_, i) => named.has(i)), batch.filter((_, i) => !named.has(i))];
}
