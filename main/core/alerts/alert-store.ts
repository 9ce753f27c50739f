import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { alert, alertKind } from '../../../shared/contract/alerts'

export type Alert = z.infer<typeof alert>
type AlertKind = z.infer<typeof alertKind>

interface AlertRow {
  id: string
  kind: AlertKind
  title: string
  body: string
  created_at: number
  read_at: number | null
  route: string
}

function toAlert(row: AlertRow): Alert {
  return { id: row.id, kind: row.kind, title: row.title, body: row.body, createdAt: row.created_at, readAt: row.read_at, route: row.route }
}

/**
 * Add an alert, or refresh the unread one with the same kind and route: ten
 * new messages in one chat are one alert ("10 new messages"), not ten.
 */
export function upsertAlert(db: Sqlite.Database, fields: { kind: AlertKind; title: string; body: string; route: string; now: number }): Alert {
  const existing = db
    .prepare('SELECT * FROM alerts WHERE kind = ? AND route = ? AND read_at IS NULL ORDER BY created_at DESC LIMIT 1')
    .get(fields.kind, fields.route) as AlertRow | undefined
  if (existing) {
    db.prepare('UPDATE alerts SET title = ?, body = ?, created_at = ? WHERE id = ?').run(fields.title, fields.body, fields.now, existing.id)
    return toAlert({ ...existing, title: fields.title, body: fields.body, created_at: fields.now })
  }
  const row: AlertRow = { id: randomBytes(16).toString('hex'), kind: fields.kind, title: fields.title, body: fields.body, created_at: fields.now, read_at: null, route: fields.route }
  db.prepare('INSERT INTO alerts (id, kind, title, body, created_at, read_at, route) VALUES (?, ?, ?, ?, ?, NULL, ?)').run(
    row.id,
    row.kind,
    row.title,
    row.body,
    row.created_at,
    row.route,
  )
  // The centre keeps the newest 500; older ones are history nobody scrolls to.
  db.prepare('DELETE FROM alerts WHERE id NOT IN (SELECT id FROM alerts ORDER BY created_at DESC LIMIT 500)').run()
  return toAlert(row)
}

export function listAlerts(db: Sqlite.Database, limit: number): Alert[] {
  return (db.prepare('SELECT * FROM alerts ORDER BY created_at DESC LIMIT ?').all(limit) as AlertRow[]).map(toAlert)
}

export function unreadAlertCount(db: Sqlite.Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE read_at IS NULL').get() as { n: number }).n
}

export function markAlertsRead(db: Sqlite.Database, ids: readonly string[] | undefined, now: number): void {
  if (ids === undefined) {
    db.prepare('UPDATE alerts SET read_at = ? WHERE read_at IS NULL').run(now)
    return
  }
  const statement = db.prepare('UPDATE alerts SET read_at = ? WHERE id = ? AND read_at IS NULL')
  db.transaction(() => ids.forEach((id) => statement.run(now, id)))()
}

/** Mark a conversation's message alert read (the person opened the chat). */
export function markRouteRead(db: Sqlite.Database, route: string, now: number): void {
  db.prepare('UPDATE alerts SET read_at = ? WHERE route = ? AND read_at IS NULL').run(now, route)
}
