import { api } from '../api/client.ts';

/** How often the bell asks for the unread count while a page stays open. */
const POLL_MS = 60_000;

/** The signed-in person's unread count, for the bell; refreshed on navigation, every minute and after changes. */
class NotificationsManager {
  unread = $state<number | null>(null);

  async refresh(): Promise<void> {
    try {
      this.unread = (await api.get<{ unread: number }>('/notifications/unread-count')).unread;
    } catch {
      // The bell is a convenience: a failed refresh keeps the last count and the next one tries again.
    }
  }

  /** Polls while signed in; returns a function that stops it. */
  poll(): () => void {
    const timer = setInterval(() => void this.refresh(), POLL_MS);
    return () => {
      clearInterval(timer);
    };
  }
}

export const notificationsManager = new NotificationsManager();
