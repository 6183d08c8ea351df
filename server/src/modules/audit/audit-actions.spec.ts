import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AuditActionLabel } from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';

/** Every `.ts` file under the server's source, tests left out. */
async function sources(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await sources(at)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      files.push(at);
    }
  }
  return files;
}

describe('the audit log', () => {
  it('has words for every action the server records, so administrators never read a code', async () => {
    const recorded = new Set<string>();
    for (const file of await sources(path.join(import.meta.dirname, '..', '..'))) {
      for (const match of (await readFile(file, 'utf8')).matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) {
        recorded.add(match[1] ?? '');
      }
    }
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((action) => !(action in AuditActionLabel)).sort()).toEqual([]);
  });
});
