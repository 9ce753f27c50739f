import Sqlite from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migration } from '../vault/migrations/0002-identity'
import { insertIdentity, readIdentity, readProfile, setBackupChallenge, setBackupConfirmed, updateProfile } from './identity-store'
import { generatePhrase } from './phrase'

/** The store against a plain in-memory database: the SQL is the same inside the encrypted vault. */
describe('identity store', () => {
  let db: Sqlite.Database
  const phrase = generatePhrase()
  const identity = { phrase, did: 'did:key:z6MkexampleExampleExampleExampleExampleExamp', displayName: 'Ada', backupChallenge: [2, 9, 17], now: 1_000 }

  beforeEach(() => {
    db = new Sqlite(':memory:')
    db.transaction(() => migration.up(db))()
  })
  afterEach(() => db.close())

  it('reads nothing before an identity is stored', () => {
    expect(readIdentity(db)).toBeNull()
    expect(readProfile(db)).toBeNull()
  })

  it('stores and reads back the identity and its profile', () => {
    insertIdentity(db, identity)
    expect(readIdentity(db)).toEqual({ phrase, did: identity.did, createdAt: 1_000, backupConfirmedAt: null, backupChallenge: [2, 9, 17] })
    expect(readProfile(db)).toEqual({ displayName: 'Ada', bio: '', updatedAt: 1_000 })
  })

  it('refuses a second identity and leaves the first (and no stray profile) in place', () => {
    insertIdentity(db, identity)
    expect(() => insertIdentity(db, { ...identity, displayName: 'Eve', did: 'did:key:other' })).toThrow()
    expect(readIdentity(db)?.did).toBe(identity.did)
    expect(readProfile(db)?.displayName).toBe('Ada')
  })

  it('writes identity and profile atomically', () => {
    // A profile row already there makes the second insert fail: the identity insert must roll back with it.
    db.prepare("INSERT INTO profile (id, display_name, updated_at) VALUES (1, 'x', 0)").run()
    expect(() => insertIdentity(db, identity)).toThrow()
    expect(readIdentity(db)).toBeNull()
  })

  it('records backup challenges and confirmation', () => {
    insertIdentity(db, identity)
    setBackupChallenge(db, [1, 5, 24])
    setBackupConfirmed(db, 2_000)
    expect(readIdentity(db)).toMatchObject({ backupChallenge: [1, 5, 24], backupConfirmedAt: 2_000 })
  })

  it('reads a damaged challenge as none rather than failing', () => {
    insertIdentity(db, identity)
    db.prepare("UPDATE identity SET backup_challenge = '[0, 99]'").run()
    expect(readIdentity(db)?.backupChallenge).toBeNull()
    db.prepare("UPDATE identity SET backup_challenge = 'not json'").run()
    expect(readIdentity(db)?.backupChallenge).toBeNull()
  })

  it('updates only the profile fields given', () => {
    insertIdentity(db, identity)
    expect(updateProfile(db, { bio: 'Counts things.' }, 3_000)).toEqual({ displayName: 'Ada', bio: 'Counts things.', updatedAt: 3_000 })
    expect(updateProfile(db, { displayName: 'Ada L.' }, 4_000)).toEqual({ displayName: 'Ada L.', bio: 'Counts things.', updatedAt: 4_000 })
    // An empty bio is a value, not "unchanged".
    expect(updateProfile(db, { bio: '' }, 5_000).bio).toBe('')
  })
})
