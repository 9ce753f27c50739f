import { z } from 'zod'
import { command, event, query } from './define'
import { shortId } from '../domain/people'

export const alertKind = z.enum([
  'message',
  'invite-accepted',
  'contact-online',
  'mention',
  'announcement',
  'group-invitation',
  'join-request',
  'group-joined',
  'group-removed',
  'comment',
])

export const alert = z.object({
  id: shortId,
  kind: alertKind,
  title: z.string(),
  body: z.string(),
  createdAt: z.number().int(),
  readAt: z.number().int().nullable(),
  /** In-app route to open when clicked, e.g. `/chats/<id>`. */
  route: z.string(),
})

export const alertMethods = {
  /** Newest first, at most `limit`. */
  'alerts.list': query(z.object({ limit: z.number().int().min(1).max(200).default(50) }), z.object({ alerts: z.array(alert), unreadCount: z.number().int() })),
  /** Mark some alerts read, or all when `ids` is omitted. */
  'alerts.markRead': command(z.object({ ids: z.array(shortId).max(200).optional() }), z.object({ unreadCount: z.number().int() })),
  /** The badge: unread alerts plus unread messages. */
  'alerts.getBadge': query(z.object({}), z.object({ count: z.number().int() })),
} as const

export const alertEvents = {
  /** A new alert. Desktop hosts show it as a system notification too. */
  'alerts.onAlertAdded': event(alert),
  'alerts.onBadgeChanged': event(z.object({ count: z.number().int() })),
} as const
