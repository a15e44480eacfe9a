/** The `$` properties every tracked event carries: screen, language, zone, attribution. */
export function context(): Record<string, string> {
  const p: Record<string, string> = {
    $viewport: innerWidth + "x" + innerHeight,
    $language: navigator.language,
    $timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  // Whoever wrote the link controls these: a known set of names, each value capped.
  new URLSearchParams(location.search).forEach((v, k) => {
    if (/^(utm_(source|medium|campaign|term|content)|fbclid|gclid|ttclid|msclkid|li_fat_id)$/.test(k)) p["$" + k] = v.slice(0, 256);
  });
  return p;
}
