import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { alert as alertSchema } from '../../../shared/contract/alerts'
import { createTestVault } from '../../../test/helpers/core'
import { listAlerts, markAlertsRead, markRouteRead, unreadAlertCount, upsertAlert } from './alert-store'

/** A real, migrated, encrypted vault in a temp dir: the alerts table as the app has it. */
let db: Sqlite.Database
let cleanup: () => Promise<void>
beforeEach(async () => {
  const created = await createTestVault('planet-alerts-')
  db = created.vault.db
  cleanup = created.cleanup
})
afterEach(async () => {
  await cleanup()
})

const ADA_CHAT = '/chats/aaaa'
const BEN_CHAT = '/chats/bbbb'

function message(route: string, now: number, body = 'New message') {
  return upsertAlert(db, { kind: 'message', title: route === ADA_CHAT ? 'Ada' : 'Ben', body, route, now })
}

describe('upsertAlert', () => {
  it('adds an unread alert the contract accepts', () => {
    const added = message(ADA_CHAT, 1000)
    expect(alertSchema.parse(added)).toEqual(added)
    expect(added).toMatchObject({ kind: 'message', title: 'Ada', body: 'New message', createdAt: 1000, readAt: null, route: ADA_CHAT })
    expect(listAlerts(db, 10)).toEqual([added])
    expect(unreadAlertCount(db)).toBe(1)
  })

  it('folds unread alerts of the same kind and route into one, refreshed', () => {
    const first = message(ADA_CHAT, 1000, '1 new message')
    const second = message(ADA_CHAT, 2000, '2 new messages')
    expect(second.id).toBe(first.id)
    expect(listAlerts(db, 10)).toEqual([{ ...first, body: '2 new messages', createdAt: 2000 }])
    expect(unreadAlertCount(db)).toBe(1)
  })

  it('keeps alerts apart when the route or the kind differs', () => {
    message(ADA_CHAT, 1000)
    message(BEN_CHAT, 1001)
    upsertAlert(db, { kind: 'contact-online', title: 'Ada is online', body: '', route: ADA_CHAT, now: 1002 })
    expect(listAlerts(db, 10).map((a) => [a.kind, a.route])).toEqual([
      ['contact-online', ADA_CHAT],
      ['message', BEN_CHAT],
      ['message', ADA_CHAT],
    ])
    expect(unreadAlertCount(db)).toBe(3)
  })

  it('starts a new alert once the old one was read', () => {
    const first = message(ADA_CHAT, 1000)
    markAlertsRead(db, [first.id], 1500)
    const second = message(ADA_CHAT, 2000)
    expect(second.id).not.toBe(first.id)
    expect(listAlerts(db, 10)).toEqual([second, { ...first, readAt: 1500 }])
    expect(unreadAlertCount(db)).toBe(1)
  })

  it('keeps the newest 500', () => {
    const oldest = upsertAlert(db, { kind: 'invite-accepted', title: 'first', body: '', route: '/contacts/0', now: 0 })
    for (let i = 1; i <= 500; i++) upsertAlert(db, { kind: 'invite-accepted', title: `#${i}`, body: '', route: `/contacts/${i}`, now: i })
    const kept = listAlerts(db, 1000)
    expect(kept).toHaveLength(500)
    expect(kept.some((a) => a.id === oldest.id)).toBe(false)
    expect(kept[0]?.title).toBe('#500')
    expect(kept.at(-1)?.title).toBe('#1')
  })
})

describe('listAlerts', () => {
  it('returns the newest first, at most `limit`', () => {
    message(ADA_CHAT, 3000)
    message(BEN_CHAT, 1000)
    upsertAlert(db, { kind: 'invite-accepted', title: 'Carol accepted', body: '', route: '/contacts/c', now: 2000 })
    expect(listAlerts(db, 10).map((a) => a.createdAt)).toEqual([3000, 2000, 1000])
    expect(listAlerts(db, 2).map((a) => a.createdAt)).toEqual([3000, 2000])
  })

  it('moves a refreshed alert to the top', () => {
    message(ADA_CHAT, 1000)
    message(BEN_CHAT, 2000)
    message(ADA_CHAT, 3000)
    expect(listAlerts(db, 10).map((a) => a.route)).toEqual([ADA_CHAT, BEN_CHAT])
  })

  it('is empty for a new vault', () => {
    expect(listAlerts(db, 10)).toEqual([])
    expect(unreadAlertCount(db)).toBe(0)
  })
})

describe('markAlertsRead', () => {
  it('marks only the given ids', () => {
    const ada = message(ADA_CHAT, 1000)
    const ben = message(BEN_CHAT, 2000)
    markAlertsRead(db, [ada.id], 5000)
    expect(listAlerts(db, 10)).toEqual([ben, { ...ada, readAt: 5000 }])
    expect(unreadAlertCount(db)).toBe(1)
  })

  it('marks every unread alert when no ids are given', () => {
    message(ADA_CHAT, 1000)
    message(BEN_CHAT, 2000)
    markAlertsRead(db, undefined, 5000)
    expect(listAlerts(db, 10).map((a) => a.readAt)).toEqual([5000, 5000])
    expect(unreadAlertCount(db)).toBe(0)
  })

  it('keeps the first read time of an alert already read', () => {
    const ada = message(ADA_CHAT, 1000)
    markAlertsRead(db, [ada.id], 5000)
    markAlertsRead(db, [ada.id], 6000)
    markAlertsRead(db, undefined, 7000)
    expect(listAlerts(db, 10)[0]?.readAt).toBe(5000)
  })

  it('ignores unknown ids and an empty list', () => {
    message(ADA_CHAT, 1000)
    markAlertsRead(db, ['0'.repeat(32)], 5000)
    markAlertsRead(db, [], 5000)
    expect(unreadAlertCount(db)).toBe(1)
  })
})

describe('markRouteRead', () => {
  it('marks the alerts of one conversation read', () => {
    message(ADA_CHAT, 1000)
    message(BEN_CHAT, 2000)
    markRouteRead(db, ADA_CHAT, 5000)
    expect(listAlerts(db, 10).map((a) => [a.route, a.readAt])).toEqual([
      [BEN_CHAT, null],
      [ADA_CHAT, 5000],
    ])
    expect(unreadAlertCount(db)).toBe(1)
  })
})
