/**
 * Test-only packages installed for the `tests` workspace package, re-exported for the other packages' tests
 * (realtime/test): `realtime/package.json` does not list them, and the shared lockfile is not changed on a
 * feature branch. Node resolves these imports from `tests/node_modules` because this file lives here.
 */
export { WebsocketProvider } from 'y-websocket';
export { default as fc } from 'fast-check';
