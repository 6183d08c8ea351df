import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';

/** Where `pnpm build` puts the SvelteKit app (adapter-node). */
export const WEB_BUILD_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'web', 'build');

/**
 * The origins a browser must reach besides Crosswalk itself: with LiveKit configured it talks to the LiveKit server
 * directly (WebSocket signalling and HTTPS region checks), so its origin joins the policy's `connect-src`.
 */
export function livekitConnectSources(livekitUrl: string | undefined): string[] {
  if (!livekitUrl) {
    return [];
  }
  const { protocol, host } = new URL(livekitUrl);
  const secure = protocol === 'wss:' || protocol === 'https:';
  return secure ? [`wss://${host}`, `https://${host}`] : [`ws://${host}`, `http://${host}`];
}

/** Adds sources to a Content-Security-Policy's `connect-src` (made `'self'` plus them if the policy had none). */
export function withConnectSources(policy: string, sources: readonly string[]): string {
  if (sources.length === 0) {
    return policy;
  }
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const index = directives.findIndex((d) => d.split(/\s+/)[0]?.toLowerCase() === 'connect-src');
  if (index === -1) {
    return [...directives, `connect-src 'self' ${sources.join(' ')}`].join('; ');
  }
  const present = new Set(directives[index]?.split(/\s+/));
  const added = sources.filter((source) => !present.has(source));
  directives[index] = [directives[index], ...added].join(' ');
  return directives.join('; ');
}

/**
 * Loads the built SvelteKit request handler, which serves the pages and their static assets. The policy
 * SvelteKit writes was fixed when the app was built; origins known only when the server starts (LiveKit's, from
 * the running configuration or `.env`) are added to each page's `connect-src` as it is sent.
 */
export async function loadWebHandler(
  options: { buildDir?: string; connectSources?: readonly string[] } = {},
): Promise<RequestHandler> {
  const file = path.join(options.buildDir ?? WEB_BUILD_DIR, 'handler.js');
  if (!existsSync(file)) {
    throw new Error(`The web app has not been built (${file} is missing): run "pnpm build" first`);
  }
  const module = (await import(pathToFileURL(file).href)) as { handler: RequestHandler };
  const sources = options.connectSources ?? [];
  if (sources.length === 0) {
    return module.handler;
  }
  return (req, res, next) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) =>
      setHeader(
        name,
        name.toLowerCase() === 'content-security-policy' && typeof value === 'string'
          ? withConnectSources(value, sources)
          : value,
      );
    module.handler(req, res, next);
  };
}
