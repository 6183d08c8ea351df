import { describe, expect, it } from 'vitest';
import { livekitConnectSources, withConnectSources } from './web-handler.ts';

describe('the LiveKit origin in the Content-Security-Policy', () => {
  it('allows LiveKit’s WebSocket and HTTPS origins, or its plain ones on a test server', () => {
    expect(livekitConnectSources('wss://video.example.org')).toEqual([
      'wss://video.example.org',
      'https://video.example.org',
    ]);
    expect(livekitConnectSources('http://127.0.0.1:7880')).toEqual(['ws://127.0.0.1:7880', 'http://127.0.0.1:7880']);
    expect(livekitConnectSources(undefined)).toEqual([]);
  });

  it('adds sources to connect-src and leaves every other directive as it was', () => {
    const policy = "default-src 'self'; script-src 'self' 'sha256-abc='; connect-src 'self'; frame-ancestors 'none'";
    expect(withConnectSources(policy, ['wss://v.example.org', 'https://v.example.org'])).toBe(
      "default-src 'self'; script-src 'self' 'sha256-abc='; connect-src 'self' wss://v.example.org https://v.example.org; frame-ancestors 'none'",
    );
  });

  it('adds a source only once, adds connect-src where the policy had none, and changes nothing without sources', () => {
    expect(withConnectSources("connect-src 'self' wss://v.example.org", ['wss://v.example.org'])).toBe(
      "connect-src 'self' wss://v.example.org",
    );
    expect(withConnectSources("default-src 'self'", ['wss://v.example.org'])).toBe(
      "default-src 'self'; connect-src 'self' wss://v.example.org",
    );
    expect(withConnectSources("default-src 'self'", [])).toBe("default-src 'self'");
  });
});
