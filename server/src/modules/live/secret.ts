import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The key that signs realtime tickets: REALTIME_SECRET when configured, otherwise a random one created once
 * and kept (readable by the owner only) in DATA_DIR, so tickets survive a restart of a single process.
 */
export async function realtimeSecret(configured: string | undefined, dataDir: string): Promise<Buffer> {
  if (configured) {
    return Buffer.from(configured, 'utf8');
  }
  const file = path.join(dataDir, 'realtime-secret');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32);
  try {
    await writeFile(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
    }
    throw error;
  }
}
