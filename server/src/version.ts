import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Crosswalk's version, from the server package's manifest. */
export const VERSION: string = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
