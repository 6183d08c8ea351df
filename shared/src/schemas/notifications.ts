import { z } from './zod.ts';

export const NotificationKinds = [
  'review_state_changed',
  'team_added',
  'team_removed',
  'session_scheduled',
  'session_moved',
  'session_cancelled',
  'session_reminder',
  'safeguarding_concern',
  'rota_published',
  'action_overdue',
  'action_at_risk',
  'impact_huddle_reminder',
  'support_requested',
  'support_offered',
  'support_accepted',
  'support_declined',
  'content_deletion_notice',
] as const;
export type NotificationKind = (typeof NotificationKinds)[number];

/** One in-app notification, as `GET /api/notifications` lists it. */
export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.enum(NotificationKinds),
  text: z.string(),
  /** A path in the app. */
  href: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({ unread: z.enum(['1', '0', 'true', 'false']).optional() });

/**
 * How a person wants to hear: `email` (each notification also by email, with calendar invitations) or `in_app`
 * (in Crosswalk only); and whether to get one email a day listing what is still unread.
 */
export const NotificationPreferencesSchema = z.strictObject({
  channel: z.enum(['email', 'in_app']),
  dailyDigest: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const DefaultNotificationPreferences: NotificationPreferences = { channel: 'email', dailyDigest: false };
