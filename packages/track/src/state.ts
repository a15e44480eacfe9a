import { AID_COOKIE_TEMPLATE, type AidPayload } from "@millimetric/core";
import type { InitOptions } from "./InitOptions";

// What init settles once and every other module reads. Plain `export let` bindings, not
// an object: a bundle turns them into variables the minifier renames, where an object's
// property names would ship as written. ES modules let only this file assign them, so
// init goes through settle() and the consent calls through allowSending(); nothing else
// writes them.

/** The project's pk_ key; set means init ran. */
export let apiKey: string | undefined;
/** Where batches are POSTed: the host's `/v1/batch`. */
export let batchUrl: string;
/** Send as soon as this many events are queued. */
export let batchSize: number;
/** The send timer's period, and the base of the retry backoff. */
export let flushIntervalMs: number;
/** Whether events may be sent: init started (consent allowed it), and no optOut() since. */
export let sendingAllowed: boolean | undefined;
/** The cookie the anonymous id is mirrored into (`aid=; Path=/; …`, the id goes after `=`); unset = none. */
export let cookieTemplate: string | undefined;

/**
 * Settles the state from init's options (already checked: `key` is a pk_ key) and what the
 * server said about the visitor's id. Called by init only, once.
 */
export function settle(options: InitOptions, server: AidPayload | string | undefined): void {
  apiKey = options.key;
  sendingAllowed = true;
  // Trailing slashes of the host are replaced, not doubled.
  batchUrl = (options.host ?? "https://api.millimetric.ai").replace(/\/*$/, "/v1/batch");
  batchSize = options.flushBatchSize || 20;
  flushIntervalMs = options.flushIntervalMs || 2e3;
  // A server payload means the server keeps the id in its cookie: keep that cookie in
  // step when the id changes later (setAnonymousId, reset), written the way the server
  // writes it, so it replaces that cookie instead of adding a second one.
  // (A bare string has neither field.)
  if (options.cookie || (server as AidPayload)?.id) cookieTemplate = ((server as AidPayload)?.cookie || AID_COOKIE_TEMPLATE) + (location.protocol == "https:" ? "; Secure" : "");
}

/** Stops (optOut: `false`) or resumes (optIn: the signals' decision) sending. */
export function allowSending(allowed: boolean | undefined): void {
  sendingAllowed = allowed;
}
