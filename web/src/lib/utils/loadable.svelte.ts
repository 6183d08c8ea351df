import { ApiError, messageOf } from '#lib/api/client.ts';

/** Something a page fetches by its address: not there yet, there, not found (404), or failed with a message. */
export class Loadable<T> {
  value = $state<T | null>(null);
  notFound = $state(false);
  error = $state<string | null>(null);

  /** Forgets what was shown and fetches again, so a retry or a new address starts from "Loading". */
  async load(fetch: () => Promise<T>): Promise<void> {
    this.value = null;
    this.notFound = false;
    this.error = null;
    try {
      this.value = await fetch();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) {
        this.notFound = true;
      } else {
        this.error = messageOf(caught);
      }
    }
  }
}
