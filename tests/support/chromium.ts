/**
 * Launching Debian's Chromium through playwright-core, without any test-runner imports, so that benchmarks can
 * use it too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser as PlaywrightBrowser, type BrowserContext, type Page } from 'playwright-core';

export type { Page };

/** Flags from the toolchain notes: no sandbox as root, no background traffic on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium (CHROMIUM_PATH or /usr/bin/chromium), headless, with a fresh profile. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** One Chromium for several people, each in a context (profile) of its own from `newContext`. */
export function launchChromium(extraArgs: string[] = []): Promise<PlaywrightBrowser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Fake camera and microphone, no permission prompts, and ICE candidates on 127.0.0.1 (toolchain notes). */
export const FAKE_MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
];
