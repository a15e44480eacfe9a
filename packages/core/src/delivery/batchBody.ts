import type { QueuedEvent } from "./QueuedEvent";

/** The bytes `batchBody` adds around the events, not counting the commas between them. */
export const BATCH_OVERHEAD = '{"events":[]}'.length;

/**
 * The `/v1/batch` body of `events`, joined from their JSON (never serialised again).
 *
 * @example batchBody([{ seq: 1, json: '{"event":"a"}' }]) // '{"events":[{"event":"a"}]}'
 */
export function batchBody(events: readonly QueuedEvent[]): string {
  return `{"events":[${events.map((e) => e.json).join(",")}]}`;
}
