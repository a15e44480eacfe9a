import type { Transport } from "@millimetric/core";

/** A transport that holds connections (a keep-alive agent), and lets them go. */
export interface ClosableTransport {
  send: Transport;
  /** Destroys the connections: called once the client's `shutdown()` has settled. */
  close(): void;
}
