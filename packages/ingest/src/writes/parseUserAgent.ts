/** What the server derives from a browser's User-Agent (the client's own values are ignored). */
export interface UserAgentFacts {
  browser: string | null;
  os: string | null;
  device_type: "desktop" | "mobile" | "tablet" | "bot" | null;
}

/**
 * How many characters of a User-Agent the parser reads. Browsers send well under 512
 * (in-app browsers, the longest, stay under about 350); a longer one is hostile or broken,
 * and its tail does not change the answer.
 */
export const USER_AGENT_READ_LIMIT = 512;

/**
 * A count of the parser's work, for tests and benchmarks: one step per character the
 * scan visits and one per character any rule compares. Deterministic, so a test can
 * bound what a hostile User-Agent costs without a clock.
 */
export interface UserAgentWork {
  steps: number;
}

// Browsers and systems in priority order: Edge and Opera carry "Chrome/" too, Chrome
// carries "Safari/", iPhones say "like Mac OS X".
const BROWSERS = ["Edge", "Opera", "Samsung Internet", "Firefox", "Chrome", "Safari"] as const;
const SYSTEMS = ["Windows", "iOS", "macOS", "Android", "ChromeOS", "Linux"] as const;
type Browser = (typeof BROWSERS)[number];
type System = (typeof SYSTEMS)[number];

/** Words that name a browser when a "/" follows them (`Chrome/120`, not "Chrome OS"). */
const BROWSER_WORDS = new Map<string, Browser>([
  ["Edg", "Edge"], ["Edge", "Edge"], ["EdgA", "Edge"], ["EdgiOS", "Edge"],
  ["OPR", "Opera"],
  ["SamsungBrowser", "Samsung Internet"],
  ["Firefox", "Firefox"], ["FxiOS", "Firefox"],
  ["Chrome", "Chrome"], ["CriOS", "Chrome"], ["HeadlessChrome", "Chrome"],
]);
/** The shortest and longest words a rule compares whole (`Edg`, `HeadlessChrome`): no other word is copied. */
const SHORTEST_WORD = 3;
const LONGEST_WORD = 14;
/** Crawler markers found anywhere inside a word, any case (`Yahoo! Slurp`, `SiteCrawler`); `…bot` is checked at the word's end. */
const BOT_INFIXES = ["crawler", "spider", "slurp"];

const SLASH = 0x2f;
const DOT = 0x2e;

/** `[A-Za-z0-9_]`: what a regex's `\b` separates. */
function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

function isDigitOrDot(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === DOT;
}

/** What a regex's `.` does not cross: the Safari rule holds within one line. */
function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** ASCII letters to lower case, nothing else (a case-insensitive regex without `u` does the same). */
function foldCase(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/**
 * Coarse browser, OS and device class from a User-Agent, as the hosted service
 * derives them. Deliberately small: enough to tell visitors apart on the events page.
 *
 * It reads only the first {@link USER_AGENT_READ_LIMIT} characters, once, left to right,
 * looking at each word as it ends, so a 15 KB header costs what its first 512 characters
 * cost. The answers are those of the word-boundary regexes it replaced (`/\bChrome\//`,
 * `/\bVersion\/[\d.]+.*Safari\//`, …), whose backtracking let one hostile header take
 * the server 0.7 s.
 *
 * @param work - counts the steps taken (tests and benchmarks); leave it out otherwise.
 * @example
 * ```ts
 * parseUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) … Version/17.0 Mobile/15E148 Safari/604.1")
 * // { browser: "Safari", os: "iOS", device_type: "mobile" }
 * ```
 */
export function parseUserAgent(ua: string | undefined, work?: UserAgentWork): UserAgentFacts {
  if (!ua) return { browser: null, os: null, device_type: null };
  const s = ua.length > USER_AGENT_READ_LIMIT ? ua.slice(0, USER_AGENT_READ_LIMIT) : ua;
  let steps = 0;
  /** Whether `literal` is at `at`, one character compared at a time. */
  const has = (at: number, literal: string, fold = false): boolean => {
    for (let k = 0; k < literal.length; k++) {
      steps++;
      const c = s.charCodeAt(at + k);
      if ((fold ? foldCase(c) : c) !== literal.charCodeAt(k)) return false;
    }
    return true;
  };
  const browsers = new Set<Browser>();
  const systems = new Set<System>();
  let bot = false, iPad = false, tablet = false, mobile = false, mobi = false, iPhone = false;
  // The Safari rule: "Version/" and a digit or dot, then "Safari/" at least 9 characters
  // on, within the line. The line's first such "Version/" leaves the most room, so it is
  // the only one remembered: no "Version/" is ever searched from twice.
  let versionAt = -1;
  let start = -1;
  // One step past the end, so the last word is closed like the others.
  for (let i = 0; i <= s.length; i++) {
    steps++;
    const c = i < s.length ? s.charCodeAt(i) : -1;
    if (isWordChar(c)) {
      if (start === -1) start = i;
      if (!bot) {
        const folded = foldCase(c);
        for (const infix of BOT_INFIXES) {
          const from = i - infix.length + 1;
          if (from >= start && folded === infix.charCodeAt(infix.length - 1) && has(from, infix, true)) bot = true;
        }
      }
      continue;
    }
    if (start !== -1) {
      const end = i;
      const length = end - start;
      const slash = c === SLASH;
      const word = length >= SHORTEST_WORD && length <= LONGEST_WORD ? s.slice(start, end) : "";
      steps += word.length;
      const browser = slash ? BROWSER_WORDS.get(word) : undefined;
      if (browser) browsers.add(browser);
      else if (word === "Opera") browsers.add("Opera");
      else if (word === "Version" && slash && versionAt === -1 && isDigitOrDot(s.charCodeAt(end + 1))) versionAt = start;
      else if (word === "Windows" && has(end, " NT") && !isWordChar(s.charCodeAt(end + 3))) systems.add("Windows");
      else if (word === "Mac" && has(end, " OS X") && !isWordChar(s.charCodeAt(end + 5))) systems.add("macOS");
      else if (word === "Android") systems.add("Android");
      else if (word === "CrOS") systems.add("ChromeOS");
      else if (word === "Linux") systems.add("Linux");
      else if (word === "iPad") iPad = true;
      else if (word === "Tablet") tablet = true;
      else if (word === "Mobile") mobile = true;
      else if (word === "iPhone") iPhone = true;
      // "Safari/" need not start a word (the old rule had no \b before it).
      if (slash && versionAt !== -1 && end - 6 >= versionAt + 9 && has(end - 6, "Safari")) browsers.add("Safari");
      const first = s.charCodeAt(start);
      steps++;
      if (first === 0x69 /* i */ && (has(start, "iPhone") || has(start, "iPad") || has(start, "iPod"))) systems.add("iOS");
      if (first === 0x4d /* M */ && has(start, "Mobi")) mobi = true;
      if (!bot && length >= 3 && has(end - 3, "bot", true)) bot = true;
      start = -1;
    }
    if (isLineTerminator(c)) versionAt = -1;
  }
  if (work) work.steps += steps;
  const android = systems.has("Android");
  return {
    browser: BROWSERS.find((b) => browsers.has(b)) ?? null,
    os: SYSTEMS.find((o) => systems.has(o)) ?? null,
    device_type: bot
      ? "bot"
      : iPad || tablet || (android && !mobile)
        ? "tablet"
        : mobi || iPhone || android
          ? "mobile"
          : "desktop",
  };
}
