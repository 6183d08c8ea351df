/**
 * The server's entry point (`pnpm start`, the container). It turns on Node's compile cache before anything else is
 * imported, which is why the server itself (`start.ts`) is imported dynamically: Node then keeps the type-stripped
 * and compiled form of every module, so a restart neither strips the types of a few hundred TypeScript files again
 * nor loads the WebAssembly type stripper at all (about 30 MB less resident memory and a faster start; see
 * bench/README.md). The cache lives in the workspace's node_modules, which belongs to whoever installed it (not a
 * shared temporary directory); where that cannot be written, Node carries on without a cache.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache(new URL('../../node_modules/.cache/node-compile-cache', import.meta.url).pathname);
await import('./start.ts');
