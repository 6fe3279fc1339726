/** Hands each host message to its handler; a handler per message type is required by the type. */
import type { HostMessage, HostMessageType } from '../protocol/protocol';

export type HostHandlers = { readonly [K in HostMessageType]: (message: Extract<HostMessage, { type: K }>) => void };

export function dispatchHostMessage(message: HostMessage, handlers: HostHandlers): void {
  // The mapped type pairs each type with its handler; TypeScript cannot correlate the union here.
  const handler = handlers[message.type] as ((m: HostMessage) => void) | undefined;
  // A host of another version may send a type this page does not know: ignore it.
  handler?.(message);
}
