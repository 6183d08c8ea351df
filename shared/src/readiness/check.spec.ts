import { describe, expect, it } from 'vitest';
import { iceCheckOf, itSupportReport, parseIceUrl, readinessVerdict, type ReadinessCheckStatus } from './check.ts';

const ALL_PASS = {
  browser: 'pass',
  camera: 'pass',
  microphone: 'pass',
  speakers: 'pass',
  crosswalk: 'pass',
  websocket: 'pass',
  stun: 'pass',
  turn_udp: 'pass',
  turn_tcp: 'pass',
  turn_tls: 'pass',
  bandwidth: 'pass',
} as const satisfies Record<string, ReadinessCheckStatus>;

describe('the verdict of a set-up check', () => {
  it('is good when everything works, and when no STUN or TURN server is configured', () => {
    expect(readinessVerdict(ALL_PASS)).toBe('good');
    expect(
      readinessVerdict({
        ...ALL_PASS,
        stun: 'not_configured',
        turn_udp: 'not_configured',
        turn_tcp: 'not_configured',
        turn_tls: 'not_configured',
      }),
    ).toBe('good');
  });

  it('fails when a device, the connection to Crosswalk or every configured route fails', () => {
    expect(readinessVerdict({ ...ALL_PASS, camera: 'fail' })).toBe('fail');
    expect(readinessVerdict({ ...ALL_PASS, websocket: 'fail' })).toBe('fail');
    expect(readinessVerdict({ ...ALL_PASS, stun: 'fail', turn_udp: 'fail', turn_tcp: 'fail', turn_tls: 'fail' })).toBe(
      'fail',
    );
    expect(readinessVerdict({ ...ALL_PASS, bandwidth: 'fail' })).toBe('fail');
  });

  it('warns when video can only go through the relay over TCP or TLS, or the sound was not heard', () => {
    expect(readinessVerdict({ ...ALL_PASS, stun: 'fail', turn_udp: 'fail' })).toBe('warn');
    expect(readinessVerdict({ ...ALL_PASS, stun: 'fail' })).toBe('good');
    expect(readinessVerdict({ ...ALL_PASS, speakers: 'fail' })).toBe('warn');
    expect(readinessVerdict({ ...ALL_PASS, bandwidth: 'warn' })).toBe('warn');
  });
});

describe('ICE server addresses', () => {
  it('reads STUN and TURN URLs with their default ports and transports', () => {
    expect(parseIceUrl('stun:stun.example.org')).toEqual({
      kind: 'stun',
      secure: false,
      host: 'stun.example.org',
      port: 3478,
      transport: 'udp',
    });
    expect(parseIceUrl('turns:turn.example.org:443?transport=tcp')).toMatchObject({ port: 443, secure: true });
    expect(parseIceUrl('turn:[::1]:3478?transport=tcp')).toMatchObject({ host: '[::1]', transport: 'tcp' });
    expect(parseIceUrl('https://example.org')).toBeUndefined();
  });

  it('sorts each URL into the test that covers it', () => {
    const check = (url: string) => {
      const address = parseIceUrl(url);
      return address ? iceCheckOf(address) : undefined;
    };
    expect(check('stun:s.example.org:3478')).toBe('stun');
    expect(check('turn:t.example.org:3478')).toBe('turn_udp');
    expect(check('turn:t.example.org:3478?transport=tcp')).toBe('turn_tcp');
    expect(check('turns:t.example.org:443?transport=tcp')).toBe('turn_tls');
  });
});

describe('the report for IT support', () => {
  it('lists every host and port to allow', () => {
    const report = itSupportReport({
      origin: 'https://crosswalk.example.org',
      iceUrls: ['stun:turn.example.org:3478', 'turns:turn.example.org:443?transport=tcp'],
      livekitUrl: 'wss://livekit.example.org',
    });
    expect(report).toContain('crosswalk.example.org, TCP 443');
    expect(report).toContain('STUN (finding a direct video route): turn.example.org, UDP 3478');
    expect(report).toContain('TURN over TLS (video relay): turn.example.org, TCP 443');
    expect(report).toContain('relay port range');
    expect(report).toContain('LiveKit video server: livekit.example.org, TCP 443');
  });

  it('says when no STUN or TURN server is configured, and adds the results once the check has run', () => {
    const report = itSupportReport(
      { origin: 'http://127.0.0.1:3000', iceUrls: [], livekitUrl: null },
      { checkedAt: '5 December 2026', checks: { camera: 'pass', turn_udp: 'not_configured' } },
    );
    expect(report).toContain('127.0.0.1, TCP 3000');
    expect(report).toContain('No STUN or TURN server is configured');
    expect(report).toContain('- Camera: Works');
    expect(report).toContain('- Video relay over UDP (TURN): Not configured on this Crosswalk');
  });
});
