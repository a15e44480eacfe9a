import type { UserAgentFacts } from "../src/writes/parseUserAgent";

// The User-Agent rules as they were before 0.2 (issue 29), kept as the oracle the
// one-pass parser is checked against. Their answers are the contract; their cost is not:
// `\bVersion\/[\d.]+.*Safari\/` backtracks over the rest of the header at every
// "Version/", so only ever call this on short strings.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrome\/|\bCriOS\/|\bHeadlessChrome\//, "Chrome"],
  [/\bVersion\/[\d.]+.*Safari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/\bWindows NT\b/, "Windows"],
  [/\biPhone|\biPad|\biPod/, "iOS"],
  [/\bMac OS X\b/, "macOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bLinux\b/, "Linux"],
];

/** The regex parser parseUserAgent replaced; same answers, quadratic on hostile input. */
export function parseUserAgentBefore(ua: string | undefined): UserAgentFacts {
  if (!ua) return { browser: null, os: null, device_type: null };
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null;
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  const device_type = /bot\b|crawler|spider|slurp/i.test(ua)
    ? "bot"
    : /\biPad\b|\bTablet\b/.test(ua) || (/\bAndroid\b/.test(ua) && !/\bMobile\b/.test(ua))
      ? "tablet"
      : /\bMobi|\biPhone\b|\bAndroid\b/.test(ua)
        ? "mobile"
        : "desktop";
  return { browser, os, device_type };
}
