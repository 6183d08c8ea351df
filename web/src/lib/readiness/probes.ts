/**
 * The tests of the set-up check, as the browser runs them. Each gives a status and a short detail for the IT
 * report; none records or sends any picture or sound.
 */
import {
  BANDWIDTH_GOOD_KBPS,
  BANDWIDTH_LEAST_KBPS,
  RealtimePaths,
  iceCheckOf,
  parseIceUrl,
  type IceServerConfig,
  type ReadinessCheckName,
  type ReadinessCheckStatus,
} from '@crosswalk/shared';
import { problemOf, describeProblem } from '../media/local-media.ts';

export interface ProbeOutcome {
  status: ReadinessCheckStatus;
  detail: string;
}

/** The header the timing requests carry the link's secret in (see the server's check routes). */
const CHECK_TOKEN_HEADER = 'x-crosswalk-check';
const ICE_TIMEOUT_MS = 8000;
const SOCKET_TIMEOUT_MS = 8000;

const withTimeout = <T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((resolve) => {
      setTimeout(() => {
        resolve(fallback);
      }, ms);
    }),
  ]);

/** Whether this browser can make video calls at all. */
export function browserSupport(): ProbeOutcome {
  const missing = [
    typeof RTCPeerConnection === 'undefined' ? 'video calling (WebRTC)' : null,
    typeof navigator === 'undefined' || !('mediaDevices' in navigator) || !('getUserMedia' in navigator.mediaDevices)
      ? 'camera and microphone access'
      : null,
    typeof WebSocket === 'undefined' ? 'live connections (WebSocket)' : null,
    typeof AudioContext === 'undefined' ? 'sound (Web Audio)' : null,
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    return { status: 'fail', detail: `This browser cannot do ${missing.join(', ')}.` };
  }
  if (!window.isSecureContext) {
    return { status: 'warn', detail: 'The page is not on a secure (https) address, so some browsers refuse devices.' };
  }
  return { status: 'pass', detail: 'This browser supports video calls.' };
}

/** Opens the camera or the microphone (asking for permission). */
export async function openDevice(
  kind: 'camera' | 'microphone',
): Promise<{ outcome: ProbeOutcome; stream: MediaStream | null }> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(kind === 'camera' ? { video: true } : { audio: true });
    const track = stream.getTracks()[0];
    return { outcome: { status: 'pass', detail: track?.label ? `Using ${track.label}.` : 'Working.' }, stream };
  } catch (error) {
    return { outcome: { status: 'fail', detail: describeProblem(kind, problemOf(error)) }, stream: null };
  }
}

/** Reports the microphone's loudness (0 to 1) about 20 times a second until the returned function is called. */
export function meterLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) {
      sum += s * s;
    }
    // Speech sits around 0.02–0.2 RMS; scaled so that speaking fills most of the meter.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 5));
  }, 50);
  return () => {
    clearInterval(timer);
    void context.close();
  };
}

/** Plays a short, gentle test tone through the speakers. */
export async function playTone(): Promise<void> {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = 523.25;
  gain.gain.setValueAtTime(0.0001, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.2, context.currentTime + 0.05);
  gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + 1.2);
  oscillator.connect(gain).connect(context.destination);
  const ended = new Promise<void>((resolve) => {
    oscillator.onended = () => {
      resolve();
    };
  });
  oscillator.start();
  oscillator.stop(context.currentTime + 1.25);
  await withTimeout(ended, 3000, undefined);
  await context.close();
}

/** Reaches Crosswalk over HTTP and times the answer. */
export async function reachCrosswalk(): Promise<ProbeOutcome> {
  const started = performance.now();
  try {
    const response = await fetch('/api/health', { cache: 'no-store' });
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      return { status: 'fail', detail: `Crosswalk answered with status ${response.status}.` };
    }
    return ms > 1500
      ? { status: 'warn', detail: `Crosswalk answered, but slowly (${ms} ms).` }
      : { status: 'pass', detail: `Crosswalk answered in ${ms} ms.` };
  } catch {
    return { status: 'fail', detail: 'Crosswalk could not be reached over HTTPS.' };
  }
}

/** Opens a live connection (a WebSocket to the session server) and waits for its first message. */
export async function reachWebSocket(): Promise<ProbeOutcome> {
  const url = new URL(`${RealtimePaths.socketIo}/?EIO=4&transport=websocket`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const opened = new Promise<boolean>((resolve) => {
    const socket = new WebSocket(url);
    socket.onmessage = (event) => {
      // engine.io's first message ("0{…}") says the connection is open; nothing more is needed.
      resolve(typeof event.data === 'string' && event.data.startsWith('0'));
      socket.close();
    };
    socket.onerror = () => {
      resolve(false);
    };
    socket.onclose = () => {
      resolve(false);
    };
  });
  return (await withTimeout(opened, SOCKET_TIMEOUT_MS, false))
    ? { status: 'pass', detail: 'Live connections to Crosswalk work.' }
    : { status: 'fail', detail: 'A live (WebSocket) connection to Crosswalk was blocked.' };
}

/**
 * The types of ICE candidate the browser gathers with these servers (no call is made), and whether gathering
 * finished: it does not while a server goes unanswered.
 */
async function gather(
  iceServers: RTCIceServer[],
  policy: RTCIceTransportPolicy,
): Promise<{ types: Set<string>; finished: boolean }> {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: policy });
  const types = new Set<string>();
  try {
    pc.createDataChannel('check');
    const done = new Promise<boolean>((resolve) => {
      pc.onicecandidate = (event) => {
        if (!event.candidate) {
          resolve(true);
          return;
        }
        if (event.candidate.type) {
          types.add(event.candidate.type);
        }
        // One relay candidate is the answer for a relay-only test: no need to wait for the rest.
        if (policy === 'relay' && event.candidate.type === 'relay') {
          resolve(true);
        }
      };
    });
    await pc.setLocalDescription(await pc.createOffer());
    return { types, finished: await withTimeout(done, ICE_TIMEOUT_MS, false) };
  } finally {
    pc.close();
  }
}

const ROUTE_WORDS: Record<string, string> = {
  stun: 'finding a direct route',
  turn_udp: 'the relay over UDP',
  turn_tcp: 'the relay over TCP',
  turn_tls: 'the relay over TLS',
};

/** STUN and each kind of TURN configured: does the browser get a candidate through it? */
export async function iceRoutes(
  iceServers: IceServerConfig[],
): Promise<Record<'stun' | 'turn_udp' | 'turn_tcp' | 'turn_tls', ProbeOutcome>> {
  const byRoute = new Map<ReadinessCheckName, RTCIceServer[]>();
  for (const server of iceServers) {
    for (const url of Array.isArray(server.urls) ? server.urls : [server.urls]) {
      const address = parseIceUrl(url);
      if (!address) {
        continue;
      }
      const route = iceCheckOf(address);
      const entry: RTCIceServer = { urls: url };
      if (server.username !== undefined) {
        entry.username = server.username;
      }
      if (server.credential !== undefined) {
        entry.credential = server.credential;
      }
      byRoute.set(route, [...(byRoute.get(route) ?? []), entry]);
    }
  }
  const test = async (route: 'stun' | 'turn_udp' | 'turn_tcp' | 'turn_tls'): Promise<ProbeOutcome> => {
    const servers = byRoute.get(route);
    if (!servers) {
      return {
        status: 'not_configured',
        detail: `No server for ${ROUTE_WORDS[route]} is configured on this Crosswalk.`,
      };
    }
    const hosts = servers.map((s) => String(s.urls)).join(', ');
    const { types, finished } = await gather(servers, route === 'stun' ? 'all' : 'relay');
    if (types.has(route === 'stun' ? 'srflx' : 'relay')) {
      return { status: 'pass', detail: `Reached ${hosts}.` };
    }
    // A STUN answer that names an address the computer already has is dropped by the browser: gathering still
    // finishes at once, where an unanswered server keeps it waiting.
    if (route === 'stun' && finished) {
      return { status: 'pass', detail: `Reached ${hosts} (this computer's address needs no translation).` };
    }
    return { status: 'fail', detail: `Could not reach ${hosts}.` };
  };
  const [stun, turn_udp, turn_tcp, turn_tls] = await Promise.all([
    test('stun'),
    test('turn_udp'),
    test('turn_tcp'),
    test('turn_tls'),
  ]);
  return { stun, turn_udp, turn_tcp, turn_tls };
}

/** Downloads and uploads a few hundred KB from Crosswalk and times them, in kilobits per second. */
export async function measureBandwidth(
  token: string,
): Promise<{ outcome: ProbeOutcome; downloadKbps: number | null; uploadKbps: number | null }> {
  const kbps = (bytes: number, ms: number) => Math.round((bytes * 8) / Math.max(ms, 1));
  try {
    let started = performance.now();
    const down = await fetch('/api/checks/download', { cache: 'no-store', headers: { [CHECK_TOKEN_HEADER]: token } });
    if (!down.ok) {
      throw new Error(`download ${down.status}`);
    }
    const received = (await down.arrayBuffer()).byteLength;
    const downloadKbps = kbps(received, performance.now() - started);
    const body = new Uint8Array(256 * 1024);
    crypto.getRandomValues(body.subarray(0, 65536));
    started = performance.now();
    const up = await fetch('/api/checks/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [CHECK_TOKEN_HEADER]: token },
      body,
    });
    if (!up.ok) {
      throw new Error(`upload ${up.status}`);
    }
    const uploadKbps = kbps(body.byteLength, performance.now() - started);
    const slowest = Math.min(downloadKbps, uploadKbps);
    const detail = `Download about ${downloadKbps} kbit/s, upload about ${uploadKbps} kbit/s.`;
    const status = slowest >= BANDWIDTH_GOOD_KBPS ? 'pass' : slowest >= BANDWIDTH_LEAST_KBPS ? 'warn' : 'fail';
    return { outcome: { status, detail }, downloadKbps, uploadKbps };
  } catch {
    return {
      outcome: { status: 'fail', detail: 'The speed test could not reach Crosswalk.' },
      downloadKbps: null,
      uploadKbps: null,
    };
  }
}
