import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { subjectAccessSections } from './sections.ts';
import { slug } from './subject-access.service.ts';

const here = import.meta.dirname;
const migrations = path.join(here, '..', '..', 'db', 'migrations');

/** Tables that reference `users` but hold nothing about the person worth a section, and why. */
const LEFT_OUT: Record<string, string> = {
  // Renamed to sign_ins (0021), which sign-ins.json reads.
  sessions: 'renamed',
  // Read by documents.json through erasure's authorship records (server/src/modules/erasure/collab-authors.ts).
  collab_authors: 'documents.json',
};

/** Every table any migration gives a column referencing users. */
async function tablesReferencingUsers(): Promise<Set<string>> {
  const tables = new Set<string>();
  for (const file of (await readdir(migrations)).filter((f) => f.endsWith('.sql')).sort()) {
    const text = await readFile(path.join(migrations, file), 'utf8');
    for (const match of text.matchAll(/create table (\w+) \(([\s\S]*?)\n\);/g)) {
      if (/references users\b/.test(match[2] ?? '')) {
        tables.add(match[1] ?? '');
      }
    }
    for (const match of text.matchAll(/alter table (\w+)[^;]*references users\b/g)) {
      tables.add(match[1] ?? '');
    }
  }
  return tables;
}

describe('the sections of a person’s data download', () => {
  it('read every table that references a person (add a section in sections.ts for a new one)', async () => {
    const sources = (
      await Promise.all(
        (await readdir(here))
          .filter((f) => f.endsWith('-sections.ts'))
          .map((f) => readFile(path.join(here, f), 'utf8')),
      )
    ).join('\n');
    const tables = await tablesReferencingUsers();
    expect(tables.size).toBeGreaterThan(30);
    const unread = [...tables].filter(
      (table) => !(table in LEFT_OUT) && !new RegExp(`\\b(from|join) ${table}\\b`).test(sources),
    );
    expect(unread).toEqual([]);
  });

  it('have one distinct file each, and words for the README', () => {
    const files = subjectAccessSections.map((s) => s.file);
    expect(new Set(files).size).toBe(files.length);
    for (const section of subjectAccessSections) {
      expect(section.file).toMatch(/^[a-z-]+$/);
      expect(['README', 'summary']).not.toContain(section.file);
      expect(section.title.length).toBeGreaterThan(3);
      expect(section.explains.length).toBeGreaterThan(40);
    }
  });
});

describe('the download’s file name', () => {
  it('keeps only plain letters, digits and hyphens of the person’s name', () => {
    expect(slug('Peer Reviewer (Hempshill)')).toBe('peer-reviewer-hempshill');
    expect(slug('Zoë O’Brien-Smith')).toBe('zoe-o-brien-smith');
    expect(slug('"; rm -rf /')).toBe('rm-rf');
    expect(slug('张伟')).toBe('person');
    expect(slug('a'.repeat(100))).toHaveLength(60);
  });
});
