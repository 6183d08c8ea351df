import type { Envelope } from './events.ts';

/** Carries `everywhere` events to the other processes of the deployment, and theirs to this one. */
export interface EventTransport {
  /** Best effort: an envelope that cannot be sent is logged by the transport. */
  send(envelope: Envelope): void;
  /** Starts handing over what arrives from the other processes, as received (untrusted). */
  listen(receive: (data: string) => void): void;
  close(): Promise<void>;
}
