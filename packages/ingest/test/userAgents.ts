/**
 * Real browsers' and crawlers' User-Agents, with what the events page shows for each:
 * the corpus the parser's answers are pinned to and its work is compared with.
 */
export const REAL_USER_AGENTS: { ua: string; browser: string | null; os: string | null; device_type: string }[] = [
  { ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", browser: "Chrome", os: "Windows", device_type: "desktop" },
  { ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", browser: "Edge", os: "Windows", device_type: "desktop" },
  { ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0", browser: "Opera", os: "Windows", device_type: "desktop" },
  { ua: "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", browser: "Firefox", os: "Linux", device_type: "desktop" },
  { ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", browser: "Safari", os: "macOS", device_type: "desktop" },
  { ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:124.0) Gecko/20100101 Firefox/124.0", browser: "Firefox", os: "macOS", device_type: "desktop" },
  { ua: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", browser: "Chrome", os: "ChromeOS", device_type: "desktop" },
  { ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", browser: "Safari", os: "iOS", device_type: "mobile" },
  { ua: "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", browser: "Safari", os: "iOS", device_type: "tablet" },
  { ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1", browser: "Chrome", os: "iOS", device_type: "mobile" },
  { ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/124.0 Mobile/15E148 Safari/605.1.15", browser: "Firefox", os: "iOS", device_type: "mobile" },
  { ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/123.0.2420.56 Mobile/15E148 Safari/605.1.15", browser: "Edge", os: "iOS", device_type: "mobile" },
  { ua: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", browser: "Chrome", os: "Android", device_type: "mobile" },
  { ua: "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", browser: "Chrome", os: "Android", device_type: "tablet" },
  { ua: "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", browser: "Samsung Internet", os: "Android", device_type: "mobile" },
  { ua: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.0.0", browser: "Edge", os: "Android", device_type: "mobile" },
  { ua: "Mozilla/5.0 (Android 14; Mobile; rv:124.0) Gecko/124.0 Firefox/124.0", browser: "Firefox", os: "Android", device_type: "mobile" },
  { ua: "Opera/9.80 (Windows NT 6.1; U; en) Presto/2.12.388 Version/12.18", browser: "Opera", os: "Windows", device_type: "desktop" },
  { ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36", browser: "Chrome", os: "Linux", device_type: "desktop" },
  // In-app browsers: the longest User-Agents real visitors send.
  {
    ua: "Mozilla/5.0 (Linux; Android 14; SM-S928B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.64 Mobile Safari/537.36 Instagram 321.0.0.39.106 Android (34/14; 480dpi; 1080x2340; samsung; SM-S928B; e3q; qcom; en_GB; 577210397)",
    browser: "Chrome",
    os: "Android",
    device_type: "mobile",
  },
  {
    ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/456.0.0.38.108;FBBV/589423160;FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/17.4.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/592154711]",
    browser: null,
    os: "iOS",
    device_type: "mobile",
  },
  { ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", browser: null, os: null, device_type: "bot" },
  { ua: "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.216 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", browser: "Chrome", os: "Android", device_type: "bot" },
  { ua: "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", browser: null, os: null, device_type: "bot" },
  { ua: "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)", browser: null, os: null, device_type: "bot" },
  { ua: "curl/8.4.0", browser: null, os: null, device_type: "desktop" },
];
