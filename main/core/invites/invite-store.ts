import type Sqlite from 'better-sqlite3-multiple-ciphers'

export interface InviteRow {
  id: string
  label: string
  secret: string
  discovery_key: string
  space_key: string
  created_at: number
  expires_at: number
  status: 'pending' | 'accepted' | 'revoked'
  accepted_by: string | null
  accepted_at: number | null
}

export function getInvite(db: Sqlite.Database, id: string): InviteRow | undefined {
  return db.prepare('SELECT * FROM invites WHERE id = ?').get(id) as InviteRow | undefined
}

export function inviteByDiscoveryKey(db: Sqlite.Database, discoveryKey: string): InviteRow | undefined {
  return db.prepare('SELECT * FROM invites WHERE discovery_key = ?').get(discoveryKey) as InviteRow | undefined
}

/** Invites whose code can still reach me: pending ones, and used or revoked ones until they would have expired (so late comers get a clear answer). */
export function listenableInvites(db: Sqlite.Database, now: number): InviteRow[] {
  return db.prepare('SELECT * FROM invites WHERE expires_at > ?').all(now) as InviteRow[]
}

/** The list the UI shows: pending, plus everything from the last 30 days. */
export function recentInvites(db: Sqlite.Database, now: number): InviteRow[] {
  return db
    .prepare("SELECT * FROM invites WHERE status = 'pending' OR created_at > ? ORDER BY created_at DESC")
    .all(now - 30 * 24 * 3_600_000) as InviteRow[]
}
