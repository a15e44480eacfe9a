/**
 * User-Agent headers built to make a backtracking parser slow, each of about `size`
 * characters: the shapes of issue 29 (repeated "Version/1 ", repeated "Safari/", runs
 * of digits and dots, "Mozilla/5.0 (" and a run of "("), and variants whose tail, past
 * the read limit, carries a token that would change the answer if it were read.
 */
export function hostileUserAgents(size: number): Record<string, string> {
  const fill = (head: string, unit: string, tail = "") =>
    head + unit.repeat(Math.max(0, Math.ceil((size - head.length - tail.length) / unit.length))) + tail;
  return {
    "repeated Version/1": fill("", "Version/1 "),
    "repeated Version/1, Safari/ at the end": fill("", "Version/1 ", "Safari/605.1.15"),
    "Version/ and a run of digits": fill("Mozilla/5.0 Version/", "1"),
    "Version/ and a run of digits and dots": fill("Mozilla/5.0 Version/", "1."),
    "repeated Safari/": fill("Mozilla/5.0 ", "Safari/"),
    "Mozilla/5.0 ( and a run of (": fill("Mozilla/5.0 (", "("),
    "a run of dots and slashes, Chrome/ at the end": fill("Mozilla/5.0 ", "./", " Chrome/120.0"),
    "one long word ending in bot": fill("Mozilla/5.0 ", "a", "bot"),
    "a real User-Agent, padding, a crawler at the end": fill(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      " ",
      " Googlebot/2.1 Edg/1 iPad Android",
    ),
    "near-miss words (iPh, Mobj, crawlX)": fill("Mozilla/5.0 ", "iPh Mobj crawlXr Edgx/ "),
    "repeated Windows NT and Mac OS X": fill("", "Windows NT Mac OS X "),
  };
}
