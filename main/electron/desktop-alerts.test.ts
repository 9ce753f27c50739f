import { describe, expect, it } from 'vitest'
import { EventBus } from '../core/event-bus'
import type { Alert, DesktopAlertsHost, NotificationContent, WindowState } from './desktop-alerts'
import { APP_USER_MODEL_ID, NOTIFICATION_LIMITS, attachDesktopAlerts, badgeCount, notificationContent, shouldNotify } from './desktop-alerts'

const alert: Alert = {
  id: 'a'.repeat(32),
  kind: 'message',
  title: 'Ben',
  body: 'Hi Ada!',
  createdAt: 1_700_000_000_000,
  readAt: null,
  route: `/chats/${'c'.repeat(64)}`,
}

describe('shouldNotify', () => {
  it.each<[WindowState, boolean, boolean]>([
    [{ exists: true, focused: true }, true, false],
    [{ exists: true, focused: false }, true, true],
    [{ exists: false, focused: false }, true, true],
    // A destroyed window cannot be focused; whatever it reported, nobody sees the app.
    [{ exists: false, focused: true }, true, true],
    [{ exists: true, focused: false }, false, false],
    [{ exists: false, focused: false }, false, false],
  ])('window %j, supported %s → %s', (window, supported, expected) => {
    expect(shouldNotify(window, supported)).toBe(expected)
  })
})

describe('notificationContent', () => {
  it('uses the alert’s title and body', () => {
    expect(notificationContent(alert)).toEqual({ title: 'Ben', body: 'Hi Ada!' })
  })

  it('folds whitespace and line breaks, and never leaves the title empty', () => {
    expect(notificationContent({ title: '  \n ', body: 'line one\n\nline   two\t' })).toEqual({ title: 'PLANET', body: 'line one line two' })
  })

  it('cuts long text with an ellipsis, counting characters not UTF-16 units', () => {
    const content = notificationContent({ title: 'T'.repeat(500), body: '🙂'.repeat(500) })
    expect([...content.title]).toHaveLength(NOTIFICATION_LIMITS.title)
    expect(content.title.endsWith('…')).toBe(true)
    expect([...content.body]).toHaveLength(NOTIFICATION_LIMITS.body)
    expect(content.body.endsWith('🙂…')).toBe(true)
  })
})

describe('badgeCount', () => {
  it.each([
    [0, 0],
    [3, 3],
    [2.7, 2],
    [-1, 0],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
  ])('%s → %s', (count, expected) => {
    expect(badgeCount(count)).toBe(expected)
  })
})

describe('attachDesktopAlerts', () => {
  function setup(window: WindowState = { exists: true, focused: false }, supported = true) {
    const events = new EventBus()
    const shown: Array<{ content: NotificationContent; click: () => void }> = []
    const badges: number[] = []
    let focused = 0
    const state = { window, supported }
    const host: DesktopAlertsHost = {
      windowState: () => state.window,
      notificationsSupported: () => state.supported,
      showNotification: (content, onClick) => shown.push({ content, click: onClick }),
      focusWindow: () => focused++,
      setBadgeCount: (count) => badges.push(count),
    }
    const detach = attachDesktopAlerts(events, host)
    return { events, shown, badges, state, detach, focused: () => focused }
  }

  it('shows a notification for a new alert while the window is not focused; clicking it focuses the window', () => {
    const t = setup()
    t.events.emit('alerts.onAlertAdded', alert)
    expect(t.shown.map((n) => n.content)).toEqual([{ title: 'Ben', body: 'Hi Ada!' }])
    expect(t.focused()).toBe(0)
    t.shown[0]!.click()
    expect(t.focused()).toBe(1)
  })

  it('stays quiet while the window has the focus, or where the OS has no notifications', () => {
    const t = setup({ exists: true, focused: true })
    t.events.emit('alerts.onAlertAdded', alert)
    t.state.window = { exists: true, focused: false }
    t.state.supported = false
    t.events.emit('alerts.onAlertAdded', alert)
    expect(t.shown).toEqual([])
  })

  it('asks the window state at the time of each alert', () => {
    const t = setup({ exists: true, focused: true })
    t.events.emit('alerts.onAlertAdded', alert)
    t.state.window = { exists: true, focused: false }
    t.events.emit('alerts.onAlertAdded', { ...alert, id: 'b'.repeat(32), body: 'again' })
    expect(t.shown.map((n) => n.content.body)).toEqual(['again'])
  })

  it('sets the badge on every change and clears it when the vault locks', () => {
    const t = setup()
    t.events.emit('alerts.onBadgeChanged', { count: 2 })
    t.events.emit('alerts.onBadgeChanged', { count: 0 })
    t.events.emit('alerts.onBadgeChanged', { count: 5 })
    t.events.emit('vault.onLocked', { reason: 'idle' })
    expect(t.badges).toEqual([2, 0, 5, 0])
  })

  it('unsubscribes everything when detached', () => {
    const t = setup()
    t.detach()
    t.detach()
    t.events.emit('alerts.onAlertAdded', alert)
    t.events.emit('alerts.onBadgeChanged', { count: 1 })
    expect(t.shown).toEqual([])
    expect(t.badges).toEqual([])
    expect(t.events.listenerCount('alerts.onAlertAdded')).toBe(0)
  })
})

describe('APP_USER_MODEL_ID', () => {
  it('is a reverse-DNS id (electron-builder.yml’s appId; checked there too)', () => {
    expect(APP_USER_MODEL_ID).toMatch(/^[a-z]+(\.[a-z]+)+$/)
  })
})
