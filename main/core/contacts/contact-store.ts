import type Sqlite from 'better-sqlite3-multiple-ciphers'

export interface ContactRow {
  id: string
  did: string
  display_name: string
  bio: string
  status: 'pending' | 'connected' | 'blocked'
  invited_by: 'me' | 'them'
  connected_since: number | null
  notes: string
  conversation_id: string | null
  last_seen_at: number | null
  created_at: number
  relationship: string | null
}

export interface RelationshipRecord {
  inviter: string
  invitee: string
  space: string
  since: number
  inviterSig: string
  inviteeSig: string | null
}

export function getContact(db: Sqlite.Database, id: string): ContactRow | undefined {
  return db.prepare('SELECT * FROM contacts WHERE id = ?').get(id) as ContactRow | undefined
}

export function listContacts(db: Sqlite.Database): ContactRow[] {
  return db.prepare('SELECT * FROM contacts ORDER BY display_name COLLATE NOCASE, id').all() as ContactRow[]
}

export function insertContact(db: Sqlite.Database, row: Omit<ContactRow, 'notes' | 'last_seen_at' | 'bio'> & { bio?: string }): void {
  db.prepare(
    `INSERT INTO contacts (id, did, display_name, bio, status, invited_by, connected_since, notes, conversation_id, last_seen_at, created_at, relationship)
     VALUES (@id, @did, @display_name, @bio, @status, @invited_by, @connected_since, '', @conversation_id, NULL, @created_at, @relationship)`,
  ).run({ bio: '', ...row })
}

export function addContactDevice(db: Sqlite.Database, contactId: string, deviceKey: string, cert: string): void {
  db.prepare('INSERT OR REPLACE INTO contact_devices (device_key, contact_id, cert) VALUES (?, ?, ?)').run(deviceKey, contactId, cert)
}

export function parseRelationship(text: string | null): RelationshipRecord | null {
  if (text === null) return null
  try {
    return JSON.parse(text) as RelationshipRecord
  } catch {
    return null
  }
}

/** The same hue on every device for the same key: the avatar's colour. */
export function avatarHue(id: string): number {
  return parseInt(id.slice(0, 8), 16) % 360
}
