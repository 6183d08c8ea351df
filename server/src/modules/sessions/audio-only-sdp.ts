const DIRECTIONS = new Set(['a=sendrecv', 'a=sendonly', 'a=recvonly', 'a=inactive']);

/**
 * An SDP offer or answer with every video section made inactive, for an audio-only activity on the browser mesh:
 * the server relays the description with no video direction left, so neither browser may send video (a camera or
 * a screen share) on that connection, whatever it asked for. Audio and data sections are untouched.
 */
export function withoutVideo(sdp: string): string {
  const lines = sdp.split(/\r?\n/);
  const out: string[] = [];
  let inVideo = false;
  const closeVideo = () => {
    if (inVideo) {
      out.push('a=inactive');
    }
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      closeVideo();
      inVideo = line.startsWith('m=video ');
    }
    if (inVideo && DIRECTIONS.has(line.trim())) {
      continue;
    }
    if (line === '' && inVideo) {
      // The description's closing line break: the last section ends here.
      closeVideo();
      inVideo = false;
    }
    out.push(line);
  }
  closeVideo();
  return out.join('\r\n');
}
