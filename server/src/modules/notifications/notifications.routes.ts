import { NotificationListQuerySchema, NotificationPreferencesSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { NotificationsService } from './notifications.service.ts';

/** The signed-in person's own notifications and how they want to hear; nobody reaches anyone else's. */
export function notificationRoutes(deps: { notifications: NotificationsService }): Router {
  const { notifications } = deps;
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const userId = requireAuth(res).user.id;
    const { unread } = parseQuery(NotificationListQuerySchema, req);
    const unreadOnly = unread === '1' || unread === 'true';
    res.json({ notifications: await notifications.list(userId, unreadOnly) });
  });

  router.get('/notifications/unread-count', async (_req, res) => {
    res.json({ unread: await notifications.unreadCount(requireAuth(res).user.id) });
  });

  router.post('/notifications/read-all', async (_req, res) => {
    res.json({ marked: await notifications.markAllRead(requireAuth(res).user.id) });
  });

  router.post('/notifications/:id/read', async (req, res) => {
    const userId = requireAuth(res).user.id;
    const { id } = parseParams(IdParams, req, 'notification');
    await notifications.markRead(userId, id);
    res.status(204).end();
  });

  router.get('/me/notification-preferences', async (_req, res) => {
    res.json(await notifications.preferences(requireAuth(res).user.id));
  });

  router.put('/me/notification-preferences', async (req, res) => {
    const userId = requireAuth(res).user.id;
    res.json(await notifications.setPreferences(userId, parseBody(NotificationPreferencesSchema, req)));
  });

  return router;
}
