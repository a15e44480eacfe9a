/**
 * The first-party cookie that says "this visitor opted out": `mm_optout=1`, written by the
 * browser SDK's `optOut()` and cleared by `optIn()`, read by every server adapter through
 * {@link isOptedOut}, so the server honours what the visitor chose in the browser.
 */
export const OPT_OUT_COOKIE = "mm_optout";
