/**
 * Schedules work that must finish after the response is sent, the platform keeping the
 * instance alive for it: the Workers `ctx.waitUntil`, Vercel's `waitUntil` from
 * `@vercel/functions`, Next's `after` (which takes a promise too).
 */
export type WaitUntil = (promise: Promise<unknown>) => void;
