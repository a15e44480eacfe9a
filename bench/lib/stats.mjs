// Small statistics and formatting helpers shared by the bench scripts.

/** Median of the finite values (NaN when there are none). */
export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)] + s[Math.ceil(mid)]) / 2;
}

/** Smallest and largest finite values: the spread a row quotes beside its median. */
export function range(xs) {
  const s = xs.filter((x) => Number.isFinite(x));
  return s.length ? [Math.min(...s), Math.max(...s)] : [NaN, NaN];
}

/** A number with `d` decimals and thousands separators, or "n/a". */
export function fmt(n, d = 0) {
  return Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "n/a";
}

/** "median (min–max)" of per-round values. */
export function spread(xs, d = 1, unit = "") {
  const [lo, hi] = range(xs);
  return `${fmt(median(xs), d)}${unit} (${fmt(lo, d)}–${fmt(hi, d)})`;
}

/** The rotation of `items` that round `round` runs in: every item goes first once in a while. */
export function rotate(items, round) {
  const k = round % items.length;
  return items.slice(k).concat(items.slice(0, k));
}

/** CPU microseconds (user + system) this process spent since `since` (a process.cpuUsage()). */
export function cpuSinceUs(since) {
  const d = process.cpuUsage(since);
  return d.user + d.system;
}
