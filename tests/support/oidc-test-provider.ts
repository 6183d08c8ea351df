import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';

/**
 * A real OpenID provider (the `oidc-provider` package) on 127.0.0.1, for tests of Crosswalk's single sign-on.
 * Its development sign-in form takes any login name, which becomes the account: `someone@school.demo` signs in
 * with that email, verified; `unverified:someone@school.demo` with that email, NOT verified.
 */
export interface TestOidcProvider {
  issuer: string;
  /** Registers Crosswalk's clients (their redirect URIs need Crosswalk's address, known only once it listens). */
  register(clients: ClientMetadata[]): void;
  close(): Promise<void>;
}

export async function startTestOidcProvider(): Promise<TestOidcProvider> {
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end('not ready');
  };
  const server = http.createServer((req, res) => {
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    register(clients) {
      const provider = new Provider(issuer, {
        clients,
        findAccount: (_ctx, id) => {
          const unverified = id.startsWith('unverified:');
          const email = unverified ? id.slice('unverified:'.length) : id;
          return {
            accountId: id,
            claims: () => ({ sub: id, email, email_verified: !unverified }),
          };
        },
        claims: { openid: ['sub'], email: ['email', 'email_verified'] },
        cookies: { keys: ['a test key, not a secret'] },
        features: { devInteractions: { enabled: true } },
        pkce: { required: () => true },
      });
      const callback = provider.callback();
      handler = (req, res) => {
        void callback(req, res);
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
