import type { MediaAnswer } from '@crosswalk/shared';
import { vi } from 'vitest';
import type { TransportContext } from './media-transport.ts';

/**
 * For the transports' unit tests: what the room gives a transport, for the person "me" who may publish, with the
 * signalling stubbed and every connection state the transport reports kept in `states`, in order.
 */
export function recordingContext(refreshAnswer: () => Promise<MediaAnswer>): TransportContext & { states: string[] } {
  const states: string[] = [];
  return {
    states,
    selfPeerId: 'me',
    canPublish: true,
    audioOnly: false,
    sendSignal: vi.fn(),
    onSignal: () => () => undefined,
    refreshAnswer,
    events: {
      onRemoteMedia: vi.fn(),
      onStateChange: (state) => states.push(state),
    },
  };
}
