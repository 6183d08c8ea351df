import type { Me } from '@crosswalk/shared';
import { api, ApiError } from '../api/client.ts';

/** Who is signed in, shared by every page. */
class SessionManager {
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

  async signIn(email: string, password: string): Promise<void> {
    this.me = await api.post<Me>('/auth/login', { email, password });
    this.status = 'ready';
  }

  signedInAs(me: Me): void {
    this.me = me;
    this.status = 'ready';
  }

  async signOut(): Promise<void> {
    await api.post('/auth/logout');
    this.me = null;
  }
}

export const sessionManager = new SessionManager();
