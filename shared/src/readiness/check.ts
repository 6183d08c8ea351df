/**
 * The set-up check each person invited to a review runs in their browser before the review day: what it tests,
 * how its results add up to a verdict, and what the school's IT support is asked to open. Pure, so the browser
 * (which runs the check) and the server (which stores and shows its results) read them alike.
 */

/** Every test of the check, in the order the page runs them. */
export const ReadinessCheckNames = [
  'browser',
  'camera',
  'microphone',
  'speakers',
  'crosswalk',
  'websocket',
  'stun',
  'turn_udp',
  'turn_tcp',
  'turn_tls',
  'bandwidth',
] as const;
export type ReadinessCheckName = (typeof ReadinessCheckNames)[number];

/** `not_configured`: this Crosswalk has no server of that kind, so there was nothing to test (not a failure). */
export const ReadinessCheckStatuses = ['pass', 'warn', 'fail', 'not_configured', 'skipped'] as const;
export type ReadinessCheckStatus = (typeof ReadinessCheckStatuses)[number];

export type ReadinessVerdict = 'good' | 'warn' | 'fail';

export const ReadinessCheckLabel: Record<ReadinessCheckName, string> = {
  browser: 'Browser support',
  camera: 'Camera',
  microphone: 'Microphone',
  speakers: 'Speakers',
  crosswalk: 'Connection to Crosswalk',
  websocket: 'Live connection to Crosswalk',
  stun: 'Direct video route (STUN)',
  turn_udp: 'Video relay over UDP (TURN)',
  turn_tcp: 'Video relay over TCP (TURN)',
  turn_tls: 'Video relay over TLS (TURN)',
  bandwidth: 'Speed of the connection',
};

export const ReadinessCheckStatusLabel: Record<ReadinessCheckStatus, string> = {
  pass: 'Works',
  warn: 'Works, with a warning',
  fail: 'Does not work',
  not_configured: 'Not configured on this Crosswalk',
  skipped: 'Not tested',
};

export const ReadinessVerdictLabel: Record<ReadinessVerdict, string> = {
  good: "Your school's network should carry the review's video.",
  warn: 'Video should work, but not everything passed: read the advice below.',
  fail: 'Video may not work: ask your IT support to open what the report lists.',
};

/** What to do about a test that did not pass, in words for the person and their IT support. */
export const ReadinessCheckAdvice: Record<ReadinessCheckName, string> = {
  browser: 'Use an up-to-date Chrome, Edge, Firefox or Safari. Some school-managed browsers turn video calling off.',
  camera: 'Allow this page to use the camera (the icon in the address bar), and close other apps that use it.',
  microphone: 'Allow this page to use the microphone, and check it is not muted on the device itself.',
  speakers: 'Turn the volume up, or choose other speakers or headphones in your computer’s sound settings.',
  crosswalk: 'Ask your IT support to allow HTTPS (TCP port 443) to the Crosswalk address in the report.',
  websocket:
    'Ask your IT support to allow secure WebSocket connections to the Crosswalk address (some web filters block them).',
  stun: 'Ask your IT support to allow UDP to the STUN server in the report. Without it, video goes through the relay.',
  turn_udp: 'Ask your IT support to allow UDP to the TURN server and its relay ports listed in the report.',
  turn_tcp: 'Ask your IT support to allow TCP to the TURN server on the port listed in the report.',
  turn_tls: 'Ask your IT support to allow TLS on TCP port 443 to the TURN server, without inspecting that traffic.',
  bandwidth: 'The connection was slow. Use a wired connection or sit nearer the wireless access point on the day.',
};

/** Slowest download and upload, in kilobits per second, that carry a few small video tiles. */
export const BANDWIDTH_GOOD_KBPS = 1500;
export const BANDWIDTH_LEAST_KBPS = 500;

const ESSENTIAL: readonly ReadinessCheckName[] = ['browser', 'camera', 'microphone', 'crosswalk', 'websocket'];
const ROUTES: readonly ReadinessCheckName[] = ['stun', 'turn_udp', 'turn_tcp', 'turn_tls'];

/**
 * The overall verdict: `fail` when something video cannot do without failed (the browser, a device, the
 * connection to Crosswalk, or every configured route for video), `warn` when video should work with less
 * (only the relay over TCP, a slow connection, speakers not heard), `good` otherwise. Routes that are not
 * configured are not held against the school.
 */
export function readinessVerdict(checks: Partial<Record<ReadinessCheckName, ReadinessCheckStatus>>): ReadinessVerdict {
  const status = (name: ReadinessCheckName) => checks[name] ?? 'skipped';
  let verdict: ReadinessVerdict = 'good';
  const worse = (v: ReadinessVerdict) => {
    if (v === 'fail' || (v === 'warn' && verdict === 'good')) {
      verdict = v;
    }
  };
  for (const name of ESSENTIAL) {
    const s = status(name);
    worse(s === 'fail' ? 'fail' : s === 'pass' ? 'good' : 'warn');
  }
  const configured = ROUTES.filter((name) => !['not_configured', 'skipped'].includes(status(name)));
  if (configured.length > 0) {
    const working = configured.filter((name) => status(name) === 'pass' || status(name) === 'warn');
    if (working.length === 0) {
      worse('fail');
    } else if (!working.includes('stun') && !working.includes('turn_udp')) {
      worse('warn');
    }
  }
  const bandwidth = status('bandwidth');
  worse(bandwidth === 'fail' ? 'fail' : bandwidth === 'pass' ? 'good' : 'warn');
  if (status('speakers') !== 'pass') {
    worse('warn');
  }
  return verdict;
}

/** One STUN or TURN address, as a browser is given it ("turns:turn.example.org:443?transport=tcp"). */
export interface IceAddress {
  kind: 'stun' | 'turn';
  secure: boolean;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

/** Reads an ICE server URL (RFC 7064 and 7065); undefined for anything else. */
export function parseIceUrl(url: string): IceAddress | undefined {
  const match = /^(stuns?|turns?):(\[[^\]]+\]|[^:?]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i.exec(url.trim());
  if (!match?.[1] || !match[2]) {
    return undefined;
  }
  const scheme = match[1].toLowerCase();
  const secure = scheme.endsWith('s');
  return {
    kind: scheme.startsWith('stun') ? 'stun' : 'turn',
    secure,
    host: match[2],
    port: match[3] ? Number(match[3]) : secure ? 5349 : 3478,
    transport: secure ? 'tcp' : ((match[4]?.toLowerCase() as 'udp' | 'tcp' | undefined) ?? 'udp'),
  };
}

/** Which test of the check an ICE URL belongs to. */
export function iceCheckOf(address: IceAddress): ReadinessCheckName {
  if (address.kind === 'stun') {
    return 'stun';
  }
  if (address.secure) {
    return 'turn_tls';
  }
  return address.transport === 'tcp' ? 'turn_tcp' : 'turn_udp';
}

/** The servers a check was given: the address of Crosswalk, the ICE server URLs and LiveKit's, if any. */
export interface ReadinessNetwork {
  origin: string;
  iceUrls: string[];
  livekitUrl: string | null;
}

/**
 * The report for the school's IT support: which hosts and ports to allow, then (when the check has run) what
 * passed and failed. Plain text, to copy into an email or a helpdesk ticket.
 */
export function itSupportReport(
  network: ReadinessNetwork,
  results?: { checkedAt: string; checks: Partial<Record<ReadinessCheckName, ReadinessCheckStatus>> },
): string {
  const crosswalk = new URL(network.origin);
  const webPort = crosswalk.port || (crosswalk.protocol === 'https:' ? '443' : '80');
  const lines = [
    'Crosswalk: network requirements for a virtual peer review',
    '',
    'Please allow these connections from the computers used for the review:',
    `- Crosswalk web and live connections: ${crosswalk.hostname}, TCP ${webPort} (${crosswalk.protocol === 'https:' ? 'HTTPS and secure WebSockets' : 'HTTP and WebSockets'}).`,
  ];
  const addresses = network.iceUrls.map(parseIceUrl).filter((a): a is IceAddress => a !== undefined);
  for (const a of addresses) {
    const what =
      a.kind === 'stun'
        ? 'STUN (finding a direct video route)'
        : a.secure
          ? 'TURN over TLS (video relay)'
          : `TURN over ${a.transport.toUpperCase()} (video relay)`;
    lines.push(`- ${what}: ${a.host}, ${a.transport.toUpperCase()} ${a.port}.`);
  }
  if (addresses.some((a) => a.kind === 'turn')) {
    lines.push(
      '- Video relayed by the TURN server: UDP to its relay port range (ask the Crosswalk administrator; coturn uses UDP 49152-65535 unless set otherwise).',
    );
  }
  if (network.livekitUrl) {
    const livekit = new URL(network.livekitUrl);
    lines.push(
      `- LiveKit video server: ${livekit.hostname}, TCP ${livekit.port || '443'} (secure WebSockets), plus its media ports (LiveKit uses UDP 50000-60000 and TCP 7881 unless set otherwise).`,
    );
  }
  if (addresses.length === 0 && !network.livekitUrl) {
    lines.push(
      '- No STUN or TURN server is configured on this Crosswalk: video goes directly between computers, which many school networks block. Ask the Crosswalk administrator about a TURN server.',
    );
  }
  lines.push(
    '- Do not inspect (decrypt) TLS traffic to these hosts, and allow WebSocket upgrades through any web filter or proxy.',
  );
  if (results) {
    lines.push('', `Results of the set-up check on ${results.checkedAt}:`);
    for (const name of ReadinessCheckNames) {
      const status = results.checks[name];
      if (status) {
        lines.push(`- ${ReadinessCheckLabel[name]}: ${ReadinessCheckStatusLabel[status]}`);
      }
    }
    const verdict = readinessVerdict(results.checks);
    lines.push('', ReadinessVerdictLabel[verdict]);
  }
  return `${lines.join('\n')}\n`;
}
