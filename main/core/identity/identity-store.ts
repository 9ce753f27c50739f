import type Sqlite from 'better-sqlite3-multiple-ciphers'

type Database = Sqlite.Database

/**
 * SQL for the identity and profile tables (vault migration 0002). Every
 * function takes the open vault database, so nothing here outlives a lock.
 * Nothing here validates phrases or derives keys: callers pass checked values.
 */

export interface IdentityRecord {
  /** The normalised words. */
  phrase: string[]
  did: string
  createdAt: number
  backupConfirmedAt: number | null
  /** Positions (1-based) the user is asked to confirm, or null if none is pending. */
  backupChallenge: number[] | null
}

export interface ProfileRecord {
  displayName: string
  bio: string
  updatedAt: number
}

interface IdentityRow {
  phrase: string
  did: string
  created_at: number
  backup_confirmed_at: number | null
  backup_challenge: string | null
}

interface ProfileRow {
  display_name: string
  bio: string
  updated_at: number
}

/**
 * The two reads behind identity.get run on every screen; preparing their SQL
 * costs about as much as running it, so keep them per connection (a WeakMap:
 * a locked vault's closed connection takes its statements with it).
 */
const readStatements = new WeakMap<Database, { identity: Sqlite.Statement; profile: Sqlite.Statement }>()

function reads(db: Database): { identity: Sqlite.Statement; profile: Sqlite.Statement } {
  let statements = readStatements.get(db)
  if (!statements) {
    statements = {
      identity: db.prepare('SELECT phrase, did, created_at, backup_confirmed_at, backup_challenge FROM identity WHERE id = 1'),
      profile: db.prepare('SELECT display_name, bio, updated_at FROM profile WHERE id = 1'),
    }
    readStatements.set(db, statements)
  }
  return statements
}

export function readIdentity(db: Database): IdentityRecord | null {
  const row = reads(db).identity.get() as IdentityRow | undefined
  if (!row) return null
  return {
    phrase: row.phrase.split(' '),
    did: row.did,
    createdAt: row.created_at,
    backupConfirmedAt: row.backup_confirmed_at,
    backupChallenge: row.backup_challenge === null ? null : parsePositions(row.backup_challenge),
  }
}

export function readProfile(db: Database): ProfileRecord | null {
  const row = reads(db).profile.get() as ProfileRow | undefined
  return row ? { displayName: row.display_name, bio: row.bio, updatedAt: row.updated_at } : null
}

export interface NewIdentity {
  phrase: readonly string[]
  did: string
  displayName: string
  backupChallenge: readonly number[]
  now: number
}

/**
 * Write the identity and its profile in one transaction, so a vault never
 * holds one without the other. Fails (SQLITE_CONSTRAINT) if an identity exists.
 */
export function insertIdentity(db: Database, identity: NewIdentity): void {
  db.transaction(() => {
    db.prepare(
      'INSERT INTO identity (id, phrase, did, created_at, backup_confirmed_at, backup_challenge) VALUES (1, ?, ?, ?, NULL, ?)',
    ).run(identity.phrase.join(' '), identity.did, identity.now, JSON.stringify(identity.backupChallenge))
    db.prepare('INSERT INTO profile (id, display_name, bio, updated_at) VALUES (1, ?, ?, ?)').run(identity.displayName, '', identity.now)
  })()
}

export function setBackupChallenge(db: Database, positions: readonly number[]): void {
  db.prepare('UPDATE identity SET backup_challenge = ? WHERE id = 1').run(JSON.stringify(positions))
}

export function setBackupConfirmed(db: Database, at: number): void {
  db.prepare('UPDATE identity SET backup_confirmed_at = ? WHERE id = 1').run(at)
}

/** Change the given fields only; returns the profile as stored. */
export function updateProfile(db: Database, patch: { displayName?: string; bio?: string }, now: number): ProfileRecord {
  db.prepare(
    'UPDATE profile SET display_name = COALESCE(?, display_name), bio = COALESCE(?, bio), updated_at = ? WHERE id = 1',
  ).run(patch.displayName ?? null, patch.bio ?? null, now)
  const profile = readProfile(db)
  if (!profile) throw new Error('profile row missing')
  return profile
}

function parsePositions(json: string): number[] | null {
  // Written only by this module, but a vault is a file on disk: read defensively.
  try {
    const value: unknown = JSON.parse(json)
    if (Array.isArray(value) && value.every((p) => Number.isInteger(p) && p >= 1 && p <= 24)) return value as number[]
  } catch {}
  return null
}
