/** What the server derives from a browser's User-Agent (the client's own values are ignored). */
export interface UserAgentFacts {
  browser: string | null;
  os: string | null;
  device_type: "desktop" | "mobile" | "tablet" | "bot" | null;
}

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

/**
 * Coarse browser, OS and device class from a User-Agent, as the hosted service
 * derives them. Deliberately small: enough to tell visitors apart on the events page.
 *
 * @example
 * ```ts
 * parseUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) … Version/17.0 Mobile/15E148 Safari/604.1")
 * // { browser: "Safari", os: "iOS", device_type: "mobile" }
 * ```
 */
export function parseUserAgent(ua: string | undefined): UserAgentFacts {
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
