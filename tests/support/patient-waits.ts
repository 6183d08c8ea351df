import { vi } from 'vitest';

/**
 * `vi.waitFor` gives up after 1 s unless told otherwise, which a busy or slow machine (several test files on 2
 * cores, a browser starting) easily exceeds while nothing is wrong. Tests wait for an event, never for a time, so
 * the default here is long: a wait that is met returns at once, and only a real failure takes the whole timeout.
 * (`expect.poll` takes its default from `expect.poll.timeout` in vitest.config.ts.)
 */
const DEFAULT_TIMEOUT_MS = Number(process.env.TEST_WAIT_TIMEOUT_MS ?? 20_000);

const waitFor = vi.waitFor.bind(vi);
vi.waitFor = (callback, options) =>
  waitFor(callback, typeof options === 'number' ? options : { timeout: DEFAULT_TIMEOUT_MS, ...options });
