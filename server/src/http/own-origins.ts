/**
 * The origins (scheme://host[:port]) this server answers on, for the cross-site checks of API requests and
 * WebSocket upgrades and for the links it writes. With PUBLIC_URL, that origin alone. Without it, the address
 * the server was asked to listen on: localhost, 127.0.0.1 and [::1] on the bound port, and HOST when it names
 * one address rather than all of them. Never what a request's Host header claims, which anyone can set (and a
 * DNS-rebinding page sets to its own name).
 */
export interface OwnOrigins {
  /** Records the port actually bound (PORT may be 0). */
  listening(port: number): void;
  includes(origin: string): boolean;
  /**
   * The origin to write into links for a request that arrived as `claimed`: PUBLIC_URL, else `claimed` when it is
   * one of ours, else our first.
   */
  forRequest(claimed: string): string;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

export function createOwnOrigins(config: { publicUrl: string | undefined; host: string; port: number }): OwnOrigins {
  if (config.publicUrl) {
    const origin = new URL(config.publicUrl).origin;
    return {
      listening: () => undefined,
      includes: (candidate) => candidate === origin,
      forRequest: () => origin,
    };
  }
  const host = config.host.trim().toLowerCase();
  const names = [
    ...(WILDCARD_HOSTS.has(host) ? [] : [host.includes(':') && !host.startsWith('[') ? `[${host}]` : host]),
    'localhost',
    '127.0.0.1',
    '[::1]',
  ];
  let origins: string[] = [];
  const bind = (port: number) => {
    origins = [
      ...new Set(
        ['http', 'https'].flatMap((scheme) => names.map((name) => new URL(`${scheme}://${name}:${port}`).origin)),
      ),
    ];
  };
  bind(config.port);
  return {
    listening: bind,
    includes: (candidate) => origins.includes(candidate),
    forRequest: (claimed) => (origins.includes(claimed) ? claimed : (origins[0] ?? claimed)),
  };
}
