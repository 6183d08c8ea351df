import type { Me } from '@crosswalk/shared';
import { api, ApiError, onSignInRefused } from '../api/client.ts';
import { clearBrowserCopies } from './browser-copies.ts';

/** Who is signed in, shared by every page. */
class SignInManager {
  me = $state<Me | null>(null);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      this.me = await api.get<Me>('/me');
      this.status = 'ready';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.me = null;
        this.status = 'ready';
        return;
      }
      this.error = error instanceof Error ? error.message : String(error);
      this.status = 'error';
    }
  }

  /** Ending: the browser is being cleared and the sign-in page loaded; nothing more should start. */
  ending = $state(false);

  constructor() {
    // Any API call answered 401 while signed in: the server ended the sign-in (signed out elsewhere, expired…).
    onSignInRefused(() => {
      if (this.me) {
        void this.ended();
      }
    });
  }

  /** Signs in; `sharedComputer` keeps any offline copy of documents out of this browser until they sign out. */
  async signIn(email: string, password: string, sharedComputer = false): Promise<void> {
    this.me = await api.post<Me>('/auth/login', { email, password, sharedComputer });
    this.status = 'ready';
  }

  /** Whether documents may keep an offline copy in this browser (not when the person said it is shared). */
  get keepsOfflineCopies(): boolean {
    return this.me !== null && !this.me.sharedComputer;
  }

  signedInAs(me: Me): void {
    this.me = me;
    this.status = 'ready';
  }

  /**
   * Signs out: the server ends the sign-in everywhere, then this browser forgets everything (`ended`), even if the
   * server could not be reached (the sign-in page then shows whether the person is still signed in).
   */
  async signOut(): Promise<void> {
    try {
      await api.post('/auth/logout');
    } finally {
      await this.ended('/signin');
    }
  }

  /**
   * The sign-in is over (signed out here, or ended by the server: the `signedOut` close code or a 401). Clears what
   * the browser holds (document copies, caches) and loads the sign-in page afresh, which drops every page's and
   * manager's in-memory state; afterwards the person comes back to where they were.
   */
  async ended(to = `/signin?next=${encodeURIComponent(location.pathname)}`): Promise<void> {
    if (this.ending) {
      return;
    }
    this.ending = true;
    this.me = null;
    try {
      await clearBrowserCopies();
    } finally {
      location.replace(to);
    }
  }
}

export const signInManager = new SignInManager();
