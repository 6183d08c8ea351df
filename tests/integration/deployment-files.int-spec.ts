import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../server/src/config.ts';

/**
 * The container image's build file and the compose file, checked as far as CI can without a container engine
 * (none runs here): the Dockerfile lints clean and builds from files that exist, runs as an unprivileged user with
 * a health check; compose.yaml is valid against the Compose Specification's schema, and the environment it gives
 * Crosswalk is a configuration Crosswalk accepts.
 */

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFile(path.join(root, file), 'utf8');

describe('the Dockerfile', () => {
  it('lints without errors or warnings', async () => {
    const problems = validate(await read('Dockerfile'));
    expect(problems.map((p) => ({ line: p.range.start.line + 1, message: p.message }))).toEqual([]);
  });

  it('builds in stages from files that exist, and runs the server unprivileged with a health check', async () => {
    const dockerfile = DockerfileParser.parse(await read('Dockerfile'));
    const stages = dockerfile.getFROMs();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    // Every COPY from the build context names something in the repository.
    for (const instruction of dockerfile.getInstructions()) {
      if (instruction.getKeyword() !== 'COPY' || instruction.getTextContent().includes('--from=')) {
        continue;
      }
      const args = instruction.getArguments().map((a) => a.getValue());
      for (const source of args.slice(0, -1)) {
        expect(existsSync(path.join(root, source)), `COPY ${source}`).toBe(true);
      }
    }
    const last = stages.at(-1)?.getRange().start.line ?? 0;
    const final = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= last);
    const keyword = (k: string) => final.filter((i) => i.getKeyword() === k);
    expect(keyword('USER').map((u) => u.getArgumentsContent())).toEqual(['node']);
    expect(keyword('HEALTHCHECK').map((h) => h.getArgumentsContent())).toEqual([
      expect.stringContaining('/api/health/live'),
    ]);
    expect(keyword('CMD').map((c) => c.getArgumentsContent())).toEqual([
      '["node", "--liftoff-only", "server/src/main.ts"]',
    ]);
  });
});

/** Reads compose.yaml as Compose does: YAML first, then variables in its string values. */
async function loadCompose(values: Record<string, string>): Promise<unknown> {
  const substitute = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return interpolate(node, values);
    }
    if (Array.isArray(node)) {
      return node.map(substitute);
    }
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, substitute(value)]));
    }
    return node;
  };
  return substitute(parse(await read('compose.yaml'), { merge: true }));
}

/** Compose's own variable syntax (`${NAME}`, `${NAME:-default}`, `${NAME:?message}`, `$$`), from `values`. */
function interpolate(text: string, values: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g,
    (match, name?: string, op?: string, rest?: string) => {
      if (match === '$$') {
        return '$';
      }
      const value = values[name ?? ''];
      if (value !== undefined && value !== '') {
        return value;
      }
      if (op === '?') {
        throw new Error(`compose.yaml needs ${name ?? ''}: ${rest ?? ''}`);
      }
      return op === '-' ? (rest ?? '') : '';
    },
  );
}

describe('compose.yaml', () => {
  const values: Record<string, string> = {
    CROSSWALK_DOMAIN: 'crosswalk.example.org',
    LIVEKIT_DOMAIN: 'video.example.org',
    TURN_DOMAIN: 'turn.example.org',
    POSTGRES_PASSWORD: 'a-database-password',
    REALTIME_SECRET: 'r'.repeat(40),
    TURN_SECRET: 't'.repeat(40),
    LIVEKIT_API_KEY: 'crosswalk',
    LIVEKIT_API_SECRET: 'l'.repeat(40),
  };

  it('is valid against the Compose Specification', async () => {
    const { $schema: _draft, ...schema } = JSON.parse(await read('tests/fixtures/compose-spec.json')) as {
      $schema: string;
    };
    // The schema names draft-07 by an address Ajv does not know; Ajv's default dialect is draft-07.
    expect(_draft).toMatch(/draft-07/);
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const check = ajv.compile(schema);
    check(await loadCompose(values));
    expect(check.errors ?? []).toEqual([]);
  });

  it('refuses to start without the secrets it needs, naming them', async () => {
    const text = await read('compose.yaml');
    for (const name of [
      'CROSSWALK_DOMAIN',
      'POSTGRES_PASSWORD',
      'REALTIME_SECRET',
      'TURN_SECRET',
      'LIVEKIT_API_SECRET',
    ]) {
      expect(() => interpolate(text, { ...values, [name]: '' }), name).toThrow(`compose.yaml needs ${name}`);
    }
  });

  it('gives Crosswalk an environment its configuration accepts, migrating once before the processes start', async () => {
    const compose = (await loadCompose(values)) as {
      services: Record<
        string,
        { environment?: Record<string, string>; command?: string[]; depends_on?: Record<string, { condition: string }> }
      >;
    };
    const processes = Object.entries(compose.services).filter(([name]) => name.startsWith('crosswalk-'));
    expect(processes.length).toBeGreaterThanOrEqual(2);
    for (const [name, service] of [...processes, ['migrate', compose.services.migrate] as const]) {
      const config = parseConfig({ ...service?.environment });
      expect(config.databaseUrl, name).toBe('postgres://crosswalk:a-database-password@postgres:5432/crosswalk');
      expect(config.redisUrl, name).toBe('redis://redis:6379');
      expect(config.livekit?.url, name).toBe('wss://video.example.org');
      expect(config.migrateOnStart, name).toBe(false);
    }
    for (const [name, service] of processes) {
      expect(service.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
    }
    expect(compose.services.migrate?.command).toEqual(['node', 'server/src/cli/migrate.ts']);
  });
});
