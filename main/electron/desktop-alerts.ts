import type { EventName, EventPayload } from '../../shared/contract'

/**
 * The core's alerts, as the desktop shows them: a system notification for a
 * new alert while the person is not looking at PLANET's window, and the
 * unread count on the dock/taskbar badge. The decisions are pure functions;
 * `attachDesktopAlerts` wires them to the core's events and to whatever the
 * host passes in (Electron's Notification and app.setBadgeCount in main.ts,
 * fakes in the test).
 */

export type Alert = EventPayload<'alerts.onAlertAdded'>

/**
 * Windows shows notifications only for an app with an AppUserModelID, and the
 * installer registers electron-builder's appId as that ID.
 * Checklist: keep equal to `appId` in electron-builder.yml (its test checks).
 */
export const APP_USER_MODEL_ID = 'org.planet.app'

export interface WindowState {
  /** PLANET has a window that is not destroyed. */
  exists: boolean
  /** That window has the keyboard focus (not minimized, hidden, or behind another app's window). */
  focused: boolean
}

/**
 * Whether a new alert becomes a system notification: only when the OS can
 * show one and the person is not already looking at PLANET — the app shows
 * the alert itself when its window has the focus.
 */
export function shouldNotify(window: WindowState, notificationsSupported: boolean): boolean {
  return notificationsSupported && !(window.exists && window.focused)
}

/** Longest title and body handed to the OS; longer text is cut with an ellipsis (the app shows it in full). */
export const NOTIFICATION_LIMITS = { title: 80, body: 240 } as const

export interface NotificationContent {
  title: string
  body: string
}

/** An alert's text as a notification: whitespace folded to single spaces, bounded length, never an empty title. */
export function notificationContent(alert: Pick<Alert, 'title' | 'body'>): NotificationContent {
  const title = shorten(fold(alert.title), NOTIFICATION_LIMITS.title)
  return { title: title === '' ? 'PLANET' : title, body: shorten(fold(alert.body), NOTIFICATION_LIMITS.body) }
}

/** The number for the badge: a whole number ≥ 0 (0 hides it). */
export function badgeCount(count: number): number {
  return Number.isFinite(count) && count > 0 ? Math.floor(count) : 0
}

/** What the shell lends the alerts wiring. */
export interface DesktopAlertsHost {
  windowState(): WindowState
  notificationsSupported(): boolean
  /** Show a system notification; call `onClick` when the person clicks it. */
  showNotification(content: NotificationContent, onClick: () => void): void
  /** Bring PLANET's window to the front (creating it if it was closed). */
  focusWindow(): void
  /** Set the dock/taskbar badge; where the platform has none it does nothing. */
  setBadgeCount(count: number): void
}

/** The subscribe half of the core's event bus. */
export interface AlertEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/**
 * Subscribe to `alerts.onAlertAdded` and `alerts.onBadgeChanged` (and clear the
 * badge when the vault locks: a locked PLANET tells nothing). Returns the
 * function that unsubscribes.
 */
export function attachDesktopAlerts(events: AlertEvents, host: DesktopAlertsHost): () => void {
  const unsubscribers = [
    events.on('alerts.onAlertAdded', (alert) => {
      if (!shouldNotify(host.windowState(), host.notificationsSupported())) return
      host.showNotification(notificationContent(alert), () => host.focusWindow())
    }),
    events.on('alerts.onBadgeChanged', ({ count }) => host.setBadgeCount(badgeCount(count))),
    events.on('vault.onLocked', () => host.setBadgeCount(0)),
  ]
  return () => {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe()
  }
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function shorten(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`
}
