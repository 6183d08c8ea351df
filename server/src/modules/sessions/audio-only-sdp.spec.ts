import { describe, expect, it } from 'vitest';
import { withoutVideo } from './audio-only-sdp.ts';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1 2',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=sendrecv',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'a=mid:1',
  'a=sendrecv',
  'a=rtpmap:96 VP8/90000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'a=mid:2',
  'a=sendonly',
  '',
].join('\r\n');

/** The direction of each media section, in order. */
function directions(sdp: string): string[] {
  return sdp
    .split('m=')
    .slice(1)
    .map((section) => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(section)?.[1] ?? 'none');
}

describe('audio-only signalling', () => {
  it('makes every video section inactive and leaves audio as it was', () => {
    const stripped = withoutVideo(offer);
    expect(directions(stripped)).toEqual(['sendrecv', 'inactive', 'inactive']);
    expect(stripped).toContain('a=rtpmap:96 VP8/90000');
    expect(stripped.endsWith('\r\n')).toBe(true);
  });

  it('makes inactive a video section that names no direction (sendrecv by default)', () => {
    const bare = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1';
    expect(directions(withoutVideo(bare))).toEqual(['inactive']);
  });

  it('leaves an audio-only description unchanged', () => {
    const audio = offer.split('m=video')[0] ?? '';
    expect(withoutVideo(audio)).toBe(audio);
  });
});
