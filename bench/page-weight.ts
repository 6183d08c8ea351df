/**
 * Prints the JavaScript each main page loads, in KiB after gzip, from the web app's built client manifest: the
 * SvelteKit entry, the root layout and the page's node, following static imports, plus what the page imports
 * dynamically as soon as it shows (the document's rich-text editor) or someone joins (the session room). Parts
 * loaded only on a click (the agenda editor) are not counted; `livekit-client` is counted separately because it
 * loads only when LiveKit is configured. Builds the web app first unless `BENCH_PAGE_WEIGHT_BUILD=0` and a build
 * exists. Prints numbers; never passes or fails on size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const web = path.join(import.meta.dirname, '..', 'web');
const client = path.join(web, '.svelte-kit', 'output', 'client');
const manifestPath = path.join(client, '.vite', 'manifest.json');

if (process.env.BENCH_PAGE_WEIGHT_BUILD !== '0' || !existsSync(manifestPath)) {
  const build = spawnSync('pnpm', ['--filter', '@crosswalk/web', 'run', 'build'], { stdio: 'ignore' });
  if (build.status !== 0) {
    console.error('page-weight: the web build failed; run `pnpm build` to see why');
    process.exit(1);
  }
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
const generatedNodes = '.svelte-kit/generated/build/client-optimized/nodes/';

function chunk(key: string): Chunk {
  const found = manifest[key];
  if (!found) {
    throw new Error(`page-weight: ${key} is not in the client manifest`);
  }
  return found;
}

/** Maps a route's `+page.svelte` / `+layout.svelte` to its manifest key, by reading Kit's generated node files. */
function nodeKeyFor(component: string): string {
  for (const key of Object.keys(manifest)) {
    if (!key.startsWith(generatedNodes)) {
      continue;
    }
    const source = readFileSync(path.join(web, key), 'utf8');
    if (source.includes(`/src/routes/${component}"`)) {
      return key;
    }
  }
  throw new Error(`page-weight: no built node for ${component}`);
}

const entries = Object.keys(manifest).filter((key) => chunk(key).isEntry && !key.startsWith(generatedNodes));

/** Every manifest key reachable from `roots` through static imports. */
function staticGraph(roots: string[], into = new Set<string>()): Set<string> {
  const stack = [...roots];
  while (stack.length > 0) {
    const key = stack.pop();
    if (key === undefined || into.has(key)) {
      continue;
    }
    into.add(key);
    stack.push(...(chunk(key).imports ?? []));
  }
  return into;
}

const gzipCache = new Map<string, { raw: number; gzip: number; text: string }>();
function sizeOf(key: string) {
  const file = chunk(key).file;
  let size = gzipCache.get(file);
  if (!size) {
    const bytes = readFileSync(path.join(client, file));
    size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, text: bytes.toString('utf8') };
    gzipCache.set(file, size);
  }
  return size;
}

const isLivekit = (key: string) => key.includes('livekit-client');

/** Markers left in minified output by the libraries a page should not carry without need. */
const markers: Record<string, RegExp> = {
  zod: /\$ZodType|ZodError/,
  editor: /ProseMirror|tiptap/i,
};

function weigh(keys: Set<string>) {
  let gzip = 0;
  let raw = 0;
  const found = new Set<string>();
  for (const key of keys) {
    const size = sizeOf(key);
    gzip += size.gzip;
    raw += size.raw;
    for (const [name, marker] of Object.entries(markers)) {
      if (marker.test(size.text)) {
        found.add(name);
      }
    }
  }
  return { gzip, raw, found: [...found] };
}

/** Dynamic imports of the graph whose source matches `select`, with their own static imports. */
function dynamicFrom(keys: Set<string>, select: (key: string) => boolean): Set<string> {
  const roots: string[] = [];
  // Kit's app entry imports every route's node dynamically: those are other pages, not this one.
  for (const key of [...keys].filter((k) => !entries.includes(k))) {
    roots.push(...(chunk(key).dynamicImports ?? []).filter(select));
  }
  const graph = staticGraph(roots);
  for (const key of keys) {
    graph.delete(key);
  }
  return graph;
}

/** Everything the graph may import later, through any chain of dynamic imports. */
function everythingReachable(keys: Set<string>): Set<string> {
  const all = new Set(keys);
  let grown = true;
  while (grown) {
    const before = all.size;
    for (const key of dynamicFrom(all, () => true)) {
      all.add(key);
    }
    grown = all.size > before;
  }
  return all;
}

const layout = nodeKeyFor('+layout.svelte');
/** `opens`: what the page imports dynamically as soon as it is shown (the document's rich text) or joined. */
const pages: { name: string; component: string; opens?: RegExp }[] = [
  { name: 'home', component: '+page.svelte' },
  { name: 'review', component: 'reviews/[id]/+page.svelte' },
  { name: 'document', component: 'reviews/[id]/document/+page.svelte', opens: /collab\/RichSections\.svelte$/ },
  { name: 'session lobby', component: 'sessions/[id]/+page.svelte' },
  { name: 'session room', component: 'sessions/[id]/+page.svelte', opens: /sessions\/\[id\]\/Room\.svelte$/ },
  { name: 'workshop board', component: 'sessions/[id]/boards/[boardId]/+page.svelte' },
  {
    name: 'evaluation',
    component: 'partnerships/[id]/evaluation/+page.svelte',
    opens: /node_modules\/chartist\//,
  },
  { name: 'board view', component: 'partnerships/[id]/board/+page.svelte' },
];

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
console.log('\nPage weight: JavaScript each page loads (KiB, gzip level 9; raw in brackets)');
console.log('page             | JavaScript      | + livekit-client | carries');
for (const page of pages) {
  const keys = staticGraph([...entries, layout, nodeKeyFor(page.component)]);
  const opens = page.opens;
  if (opens) {
    for (const key of dynamicFrom(keys, (k) => opens.test(k))) {
      keys.add(key);
    }
  }
  // LiveKit is imported (through the media transport) only when a LiveKit server is configured.
  const livekit = weigh(new Set([...everythingReachable(keys)].filter(isLivekit)));
  const own = weigh(new Set([...keys].filter((key) => !isLivekit(key))));
  const loadsLivekitEagerly = [...keys].some(isLivekit);
  console.log(
    [
      page.name.padEnd(16),
      `${kib(own.gzip)} (${kib(own.raw)})`.padEnd(15),
      (loadsLivekitEagerly ? 'loaded up front!' : livekit.gzip > 0 ? `${kib(livekit.gzip)} on demand` : '–').padEnd(16),
      own.found.join(', ') || '–',
    ].join(' | '),
  );
}
