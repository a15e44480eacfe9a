/** The `$` properties every tracked event carries: screen, language, zone, attribution. */
export function context(): Record<string, string> {
  const p: Record<string, string> = {
    $viewport: innerWidth + "x" + innerHeight,
    $language: navigator.language,
    $timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  new URLSearchParams(location.search).forEach((v, k) => {
    if (/^(utm_\w+|fbclid|gclid|ttclid|msclkid|li_fat_id)$/.test(k)) p["$" + k] = v;
  });
  return p;
}
