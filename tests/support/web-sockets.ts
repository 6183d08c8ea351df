import type { Page } from 'playwright-core';

/** What the init script keeps on the page's window. */
interface Recorded {
  __webSockets: WebSocket[];
  __blockWebSockets: boolean;
}

/** The path blocked WebSockets are sent to: same origin (the content security policy allows it), refused there. */
export const REFUSED_PATH = '/no-such-endpoint/';

/**
 * Before the app runs, keeps every WebSocket the page opens, so that a test can take the page offline with
 * `setOffline`: while it is offline, new WebSockets go to `REFUSED_PATH` on the same server, which refuses them.
 */
export async function recordWebSockets(page: Page): Promise<void> {
  await page.addInitScript((refusedPath) => {
    const w = window as unknown as Recorded;
    const Native = window.WebSocket;
    w.__webSockets = [];
    w.__blockWebSockets = false;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        const target = new URL(url, window.location.href);
        if (w.__blockWebSockets) {
          target.pathname = refusedPath;
        }
        super(target, protocols);
        w.__webSockets.push(this);
      }
    };
  }, REFUSED_PATH);
}

/** Takes the page offline (closing its WebSockets and refusing new ones) or lets it reconnect again. */
export async function setOffline(page: Page, offline: boolean): Promise<void> {
  await page.evaluate((blocked) => {
    const w = window as unknown as Recorded;
    w.__blockWebSockets = blocked;
    if (blocked) {
      for (const socket of w.__webSockets) {
        socket.close();
      }
    }
  }, offline);
}

/** How many of the page's WebSockets were refused while it was offline (attempts to reconnect). */
export function refusedWebSockets(page: Page): Promise<number> {
  return page.evaluate(
    (refusedPath) =>
      (window as unknown as Recorded).__webSockets.filter((socket) => socket.url.includes(refusedPath)).length,
    REFUSED_PATH,
  );
}
