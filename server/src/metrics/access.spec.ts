import { describe, expect, it } from 'vitest';
import { decideMetricsAccess, isPrivateAddress, tokenMatches } from './access.ts';

const token = 'a-metrics-token-of-at-least-32-characters';

function request(remoteAddress: string | undefined, headers: Record<string, string> = {}) {
  return { headers, socket: { remoteAddress } };
}

describe('tokenMatches', () => {
  it('accepts only the very token, whatever the lengths', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, token.toUpperCase())).toBe(false);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.20',
    '::1',
    '0:0:0:0:0:0:0:1',
    'fc00::1',
    'fd12:3456:789a::1',
    'FD00::abcd',
    '::ffff:10.1.2.3',
    '::ffff:127.0.0.1',
    '::ffff:192.168.0.5',
    '::FFFF:172.20.1.1',
    '::ffff:a01:203',
    '0:0:0:0:0:ffff:c0a8:0001',
  ])('%s is loopback or private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.1',
    '192.169.0.1',
    '11.0.0.1',
    '2001:db8::1',
    'fe80::1',
    'fbff::1',
    'fe00::1',
    '::',
    '::2',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::10.0.0.1',
    '::10.0.0.1',
    'localhost',
    '10.0.0',
    '10.0.0.256',
    '',
  ])('%s is not', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('decideMetricsAccess', () => {
  it('lets a request with the right bearer token in, from anywhere', () => {
    const policy = { token, fromPrivateNetwork: false };
    expect(decideMetricsAccess(policy, request('203.0.113.9', { authorization: `Bearer ${token}` }))).toEqual({
      allowed: true,
      by: 'token',
    });
    expect(decideMetricsAccess(policy, request('203.0.113.9', { authorization: `bearer ${token}` }))).toEqual({
      allowed: true,
      by: 'token',
    });
  });

  it('refuses a missing, wrong or non-bearer token, even from this machine', () => {
    const policy = { token, fromPrivateNetwork: false };
    expect(decideMetricsAccess(policy, request('127.0.0.1'))).toEqual({ allowed: false, reason: 'no-token' });
    expect(decideMetricsAccess(policy, request('127.0.0.1', { authorization: 'Bearer wrong' }))).toEqual({
      allowed: false,
      reason: 'wrong-token',
    });
    expect(decideMetricsAccess(policy, request('127.0.0.1', { authorization: `Basic ${token}` }))).toEqual({
      allowed: false,
      reason: 'no-token',
    });
    expect(decideMetricsAccess(policy, request('127.0.0.1', { authorization: token }))).toEqual({
      allowed: false,
      reason: 'no-token',
    });
  });

  it('with the private network allowed, lets loopback and private peers in without a token', () => {
    const policy = { token: undefined, fromPrivateNetwork: true };
    for (const address of ['127.0.0.1', '::1', '10.2.3.4', '::ffff:172.16.9.9', 'fd00::5']) {
      expect(decideMetricsAccess(policy, request(address))).toEqual({ allowed: true, by: 'private-network' });
    }
    expect(decideMetricsAccess(policy, request('203.0.113.9'))).toEqual({
      allowed: false,
      reason: 'not-private-network',
    });
    expect(decideMetricsAccess(policy, request(undefined))).toEqual({ allowed: false, reason: 'not-private-network' });
  });

  it('judges the TCP peer only: X-Forwarded-For and X-Real-IP are ignored', () => {
    const policy = { token: undefined, fromPrivateNetwork: true };
    const forwarded = { 'x-forwarded-for': '10.0.0.1', 'x-real-ip': '127.0.0.1', forwarded: 'for=10.0.0.1' };
    expect(decideMetricsAccess(policy, request('203.0.113.9', forwarded))).toEqual({
      allowed: false,
      reason: 'not-private-network',
    });
    expect(decideMetricsAccess(policy, request('10.0.0.7', { 'x-forwarded-for': '203.0.113.9' }))).toEqual({
      allowed: true,
      by: 'private-network',
    });
  });

  it('with both, either the token or a private peer is enough', () => {
    const policy = { token, fromPrivateNetwork: true };
    expect(decideMetricsAccess(policy, request('10.0.0.7'))).toEqual({ allowed: true, by: 'private-network' });
    expect(decideMetricsAccess(policy, request('203.0.113.9', { authorization: `Bearer ${token}` }))).toEqual({
      allowed: true,
      by: 'token',
    });
    expect(decideMetricsAccess(policy, request('203.0.113.9', { authorization: 'Bearer nope' }))).toEqual({
      allowed: false,
      reason: 'wrong-token',
    });
  });

  it('refuses everything when neither is configured', () => {
    const policy = { token: undefined, fromPrivateNetwork: false };
    expect(decideMetricsAccess(policy, request('127.0.0.1', { authorization: 'Bearer x' }))).toEqual({
      allowed: false,
      reason: 'disabled',
    });
  });
});
