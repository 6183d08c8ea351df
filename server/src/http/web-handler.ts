import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';

/** Where `pnpm build` puts the SvelteKit app (adapter-node). */
export const WEB_BUILD_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'web', 'build');

/** Loads the built SvelteKit request handler, which serves the pages and their static assets. */
export async function loadWebHandler(buildDir = WEB_BUILD_DIR): Promise<RequestHandler> {
  const file = path.join(buildDir, 'handler.js');
  if (!existsSync(file)) {
    throw new Error(`The web app has not been built (${file} is missing): run "pnpm build" first`);
  }
  const module = (await import(pathToFileURL(file).href)) as { handler: RequestHandler };
  return module.handler;
}
