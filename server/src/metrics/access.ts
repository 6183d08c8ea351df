import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/** Who may read `/metrics`: a bearer token, peers on a private network, both, or (neither set) nobody. */
export interface MetricsAccessPolicy {
  /** METRICS_TOKEN: a request carrying `Authorization: Bearer <token>` may read the metrics. */
  token: string | undefined;
  /** METRICS_FROM_PRIVATE_NETWORK: a TCP peer on loopback or a private range may read them without a token. */
  fromPrivateNetwork: boolean;
}

/** What the decision reads of a request: its headers and its TCP peer, nothing a client can forge about where it is. */
export interface MetricsRequest {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string | undefined };
}

export type MetricsAccess =
  | { allowed: true; by: 'token' | 'private-network' }
  | { allowed: false; reason: 'disabled' | 'no-token' | 'wrong-token' | 'not-private-network' };

/**
 * Decides whether a request may read the metrics. The peer is the TCP connection's address
 * (`req.socket.remoteAddress`), never X-Forwarded-For or the like: behind a reverse proxy that is the proxy, so a
 * proxy on the private network must not forward `/metrics` from outside (see docs/deployment.md).
 */
export function decideMetricsAccess(policy: MetricsAccessPolicy, request: MetricsRequest): MetricsAccess {
  if (policy.token === undefined && !policy.fromPrivateNetwork) {
    return { allowed: false, reason: 'disabled' };
  }
  const given = bearerToken(request.headers.authorization);
  if (policy.token !== undefined && given !== undefined && tokenMatches(policy.token, given)) {
    return { allowed: true, by: 'token' };
  }
  const peer = request.socket.remoteAddress;
  if (policy.fromPrivateNetwork && peer !== undefined && isPrivateAddress(peer)) {
    return { allowed: true, by: 'private-network' };
  }
  if (policy.token !== undefined && given !== undefined) {
    return { allowed: false, reason: 'wrong-token' };
  }
  return { allowed: false, reason: policy.fromPrivateNetwork ? 'not-private-network' : 'no-token' };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Compares a token in constant time: both sides are hashed first, so neither the content nor the length of the
 * expected token leaks through how long the comparison takes.
 */
export function tokenMatches(expected: string, given: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * Whether an address is loopback (127.0.0.0/8, ::1) or private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16,
 * fc00::/7), in plain or IPv4-mapped IPv6 form (`::ffff:10.1.2.3`, as a dual-stack server reports IPv4 peers).
 */
export function isPrivateAddress(address: string): boolean {
  const plain = address.replace(/%.*$/, '');
  if (isIPv4(plain)) {
    return privateIPv4(plain.split('.').map(Number));
  }
  const groups = ipv6Groups(plain);
  if (!groups) {
    return false;
  }
  const [first = 0] = groups;
  if (groups.slice(0, 5).every((group) => group === 0)) {
    if (groups[5] === 0xffff) {
      const [high = 0, low = 0] = groups.slice(6);
      return privateIPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
    }
    return groups[5] === 0 && groups[6] === 0 && groups[7] === 1;
  }
  return (first & 0xfe00) === 0xfc00;
}

function privateIPv4([a = -1, b = -1]: number[]): boolean {
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail becomes the last two), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  if (!isIPv6(address)) {
    return undefined;
  }
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  return groups.length === 8 ? groups.map((group) => Number.parseInt(group, 16)) : undefined;
}
