/**
 * What a session's current activity allows people to send, decided in one place for the browser mesh and for
 * LiveKit. During an audio-only activity (pupil voice) nobody sends video: no camera, no screen share.
 */

/** A LiveKit track source, as named in its tokens (the SDK's `TrackSource` enum, in lower case). */
export type PublishSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

/** Every source a publisher may use outside audio-only activities. */
export const ALL_PUBLISH_SOURCES: readonly PublishSource[] = [
  'camera',
  'microphone',
  'screen_share',
  'screen_share_audio',
];

/**
 * The sources a person may publish: none without the right to publish, the microphone alone during an audio-only
 * activity, every source otherwise.
 */
export function publishSourcesFor(rules: { canPublish: boolean; audioOnly: boolean }): PublishSource[] {
  if (!rules.canPublish) {
    return [];
  }
  return rules.audioOnly ? ['microphone'] : [...ALL_PUBLISH_SOURCES];
}

/**
 * The LiveKit permission of a participant already in the room, sent whole when the activity changes (LiveKit
 * replaces the permission it holds with this one). Publishing stays as it was granted; only the sources change.
 */
export interface LiveKitPermission {
  canSubscribe: true;
  canPublish: boolean;
  canPublishData: true;
  canPublishSources: PublishSource[];
  canUpdateMetadata: false;
  hidden: false;
  recorder: false;
}

export function livekitPermissionFor(rules: { canPublish: boolean; audioOnly: boolean }): LiveKitPermission {
  return {
    canSubscribe: true,
    canPublish: rules.canPublish,
    canPublishData: true,
    canPublishSources: publishSourcesFor(rules),
    canUpdateMetadata: false,
    hidden: false,
    recorder: false,
  };
}

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/;

/**
 * Whether an SDP offer or answer lets video flow on the browser mesh: some video section is neither rejected
 * (port 0) nor inactive. A section without a direction line is `sendrecv` (RFC 4566). During an audio-only
 * activity the server relays no such description, whoever sends it.
 */
export function sdpAllowsVideo(sdp: string): boolean {
  let section: { video: boolean; rejected: boolean; direction: string } | null = null;
  const allows = (s: typeof section) => s !== null && s.video && !s.rejected && s.direction !== 'inactive';
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      if (allows(section)) {
        return true;
      }
      const [media, port] = line.slice(2).split(' ');
      section = { video: media === 'video', rejected: port === '0', direction: 'sendrecv' };
      continue;
    }
    const direction = DIRECTION.exec(line)?.[1];
    if (section && direction) {
      section.direction = direction;
    }
  }
  return allows(section);
}
