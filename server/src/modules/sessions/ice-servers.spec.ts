import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.ts';
import {
  TURN_TTL_MAX_SECONDS,
  createIceServerIssuer,
  staticTurnCredentialWarning,
  turnCredential,
} from './ice-servers.ts';

const SECRET = 'north-sea-ferry-timetable-secret-2026';
const USER = '6b1d0000-0000-4000-8000-000000000042';
const NOW = new Date('2026-01-01T00:00:00Z');
const stun = { urls: 'stun:stun.example.org:3478' };

describe('turnCredential', () => {
  it('signs "<expiry>:<user id>" with HMAC-SHA1 of the shared secret, in base64 (the TURN REST API scheme)', () => {
    // Expected value from: printf '%s' '1767229200:<user>' | openssl dgst -sha1 -hmac '<secret>' -binary | base64
    expect(turnCredential(SECRET, USER, 1_767_229_200)).toEqual({
      username: `1767229200:${USER}`,
      credential: 'YHxyuGegtYd3TcSXpjF4FhTYiO8=',
    });
  });

  it('gives a different password for another person, expiry or secret', () => {
    const base = turnCredential(SECRET, USER, 1_767_229_200).credential;
    expect(turnCredential(SECRET, `${USER.slice(0, -1)}3`, 1_767_229_200).credential).not.toBe(base);
    expect(turnCredential(SECRET, USER, 1_767_229_201).credential).not.toBe(base);
    expect(turnCredential(`${SECRET}!`, USER, 1_767_229_200).credential).not.toBe(base);
  });
});

describe('createIceServerIssuer', () => {
  it('adds a TURN server whose credential expires TURN_TTL_SECONDS after now', () => {
    const config = parseConfig({
      ICE_SERVERS: JSON.stringify([stun]),
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:443?transport=tcp',
      TURN_SECRET: SECRET,
      TURN_TTL_SECONDS: '600',
    });
    const servers = createIceServerIssuer(config).iceServersFor(USER, NOW);
    const expiry = NOW.getTime() / 1000 + 600;
    expect(servers).toEqual([
      stun,
      {
        urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'],
        ...turnCredential(SECRET, USER, expiry),
      },
    ]);
    expect(servers[1]?.username).toBe(`${String(expiry)}:${USER}`);
  });

  it('lasts an hour by default, and never longer whatever it is given', () => {
    const hour = NOW.getTime() / 1000 + 3600;
    const byDefault = createIceServerIssuer(parseConfig({ TURN_URLS: 'turn:t.example.org', TURN_SECRET: SECRET }));
    expect(byDefault.iceServersFor(USER, NOW)[0]?.username).toBe(`${String(hour)}:${USER}`);
    const tooLong = createIceServerIssuer({
      iceServers: [],
      turn: { urls: ['turn:t.example.org'], secret: SECRET, ttlSeconds: 24 * 3600 },
    });
    expect(TURN_TTL_MAX_SECONDS).toBe(3600);
    expect(tooLong.iceServersFor(USER, NOW)[0]?.username).toBe(`${String(hour)}:${USER}`);
  });

  it('counts the expiry from the moment asked, in whole seconds', () => {
    const issuer = createIceServerIssuer(
      parseConfig({ TURN_URLS: 'turn:t.example.org', TURN_SECRET: SECRET, TURN_TTL_SECONDS: '60' }),
    );
    const later = new Date(NOW.getTime() + 90_999);
    expect(issuer.iceServersFor(USER, later)[0]?.username).toBe(`${String(NOW.getTime() / 1000 + 90 + 60)}:${USER}`);
  });

  it('without TURN_URLS, gives ICE_SERVERS as they are', () => {
    const issuer = createIceServerIssuer(parseConfig({ ICE_SERVERS: JSON.stringify([stun]) }));
    expect(issuer.iceServersFor(USER, NOW)).toEqual([stun]);
  });
});

describe('TURN configuration', () => {
  it('refuses a TTL over an hour, a short secret, a URL that is not TURN, or half the settings', () => {
    expect(() =>
      parseConfig({ TURN_URLS: 'turn:t.example.org', TURN_SECRET: SECRET, TURN_TTL_SECONDS: '3601' }),
    ).toThrow(/TURN_TTL_SECONDS: must be at most 3600/);
    expect(() => parseConfig({ TURN_URLS: 'turn:t.example.org', TURN_SECRET: 'short' })).toThrow(/TURN_SECRET/);
    expect(() => parseConfig({ TURN_URLS: 'stun:t.example.org', TURN_SECRET: SECRET })).toThrow(/TURN_URLS/);
    expect(() => parseConfig({ TURN_URLS: 'turn:t.example.org' })).toThrow(/set both or neither/);
    expect(() => parseConfig({ TURN_SECRET: SECRET })).toThrow(/set both or neither/);
  });

  it('accepts relay-only ICE only when there is a TURN server to relay through', () => {
    expect(() => parseConfig({ ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/ICE_TRANSPORT_POLICY/);
    expect(
      parseConfig({ ICE_TRANSPORT_POLICY: 'relay', TURN_URLS: 'turn:t.example.org', TURN_SECRET: SECRET })
        .iceTransportPolicy,
    ).toBe('relay');
    expect(parseConfig({}).iceTransportPolicy).toBe('all');
  });

  it('warns about a TURN password fixed in ICE_SERVERS, and not about STUN', () => {
    const fixed = [stun, { urls: ['turn:t.example.org'], username: 'u', credential: 'p' }];
    expect(staticTurnCredentialWarning(parseConfig({ ICE_SERVERS: JSON.stringify(fixed) }))).toMatch(/TURN_SECRET/);
    expect(staticTurnCredentialWarning(parseConfig({ ICE_SERVERS: JSON.stringify([stun]) }))).toBeUndefined();
  });
});
