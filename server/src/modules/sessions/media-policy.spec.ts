import { describe, expect, it } from 'vitest';
import { livekitPermissionFor, publishSourcesFor, sdpAllowsVideo } from './media-policy.ts';

const section = (media: 'audio' | 'video', mid: number, direction: string | null, port = 9) =>
  [
    `m=${media} ${String(port)} UDP/TLS/RTP/SAVPF 96`,
    'c=IN IP4 0.0.0.0',
    `a=mid:${String(mid)}`,
    ...(direction ? [`a=${direction}`] : []),
    'a=rtpmap:96 VP8/90000',
  ].join('\r\n');

const description = (...sections: string[]) =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1', ...sections, ''].join('\r\n');

describe('which sources a person may publish', () => {
  it('gives the microphone alone during an audio-only activity', () => {
    expect(publishSourcesFor({ canPublish: true, audioOnly: true })).toEqual(['microphone']);
  });

  it('gives every source back when the activity allows video', () => {
    expect(publishSourcesFor({ canPublish: true, audioOnly: false })).toEqual([
      'camera',
      'microphone',
      'screen_share',
      'screen_share_audio',
    ]);
  });

  it('gives nothing to someone who may not publish, whatever the activity', () => {
    expect(publishSourcesFor({ canPublish: false, audioOnly: false })).toEqual([]);
    expect(publishSourcesFor({ canPublish: false, audioOnly: true })).toEqual([]);
  });

  it('sends LiveKit a whole permission, with no powers beyond taking part', () => {
    expect(livekitPermissionFor({ canPublish: true, audioOnly: true })).toEqual({
      canSubscribe: true,
      canPublish: true,
      canPublishData: true,
      canPublishSources: ['microphone'],
      canUpdateMetadata: false,
      hidden: false,
      recorder: false,
    });
    expect(livekitPermissionFor({ canPublish: false, audioOnly: false })).toMatchObject({
      canPublish: false,
      canPublishSources: [],
    });
  });
});

describe('descriptions the mesh may relay during an audio-only activity', () => {
  it('accepts audio with every video section inactive or rejected', () => {
    expect(sdpAllowsVideo(description(section('audio', 0, 'sendrecv'), section('video', 1, 'inactive')))).toBe(false);
    expect(sdpAllowsVideo(description(section('audio', 0, 'sendrecv'), section('video', 1, 'sendrecv', 0)))).toBe(
      false,
    );
    expect(sdpAllowsVideo(description(section('audio', 0, 'sendrecv')))).toBe(false);
  });

  it('refuses any video section that sends or receives, in any position', () => {
    for (const direction of ['sendrecv', 'sendonly', 'recvonly']) {
      expect(sdpAllowsVideo(description(section('audio', 0, 'sendrecv'), section('video', 1, direction)))).toBe(true);
      expect(sdpAllowsVideo(description(section('video', 0, direction), section('audio', 1, 'sendrecv')))).toBe(true);
    }
  });

  it('reads a video section without a direction as sending and receiving', () => {
    expect(sdpAllowsVideo(description(section('audio', 0, 'inactive'), section('video', 1, null)))).toBe(true);
  });

  it('refuses a second, active video section hidden after an inactive one', () => {
    expect(
      sdpAllowsVideo(
        description(section('video', 0, 'inactive'), section('video', 1, 'sendonly'), section('audio', 2, null)),
      ),
    ).toBe(true);
  });

  it('reads descriptions with bare line feeds too', () => {
    expect(sdpAllowsVideo(description(section('video', 0, 'sendrecv')).replaceAll('\r\n', '\n'))).toBe(true);
  });
});
