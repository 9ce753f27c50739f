import Sqlite from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migration } from './0002-identity'

describe('migration 0002-identity', () => {
  let db: Sqlite.Database
  beforeEach(() => {
    db = new Sqlite(':memory:')
    db.transaction(() => migration.up(db))()
  })
  afterEach(() => db.close())

  it('is version 2, named identity', () => {
    expect(migration).toMatchObject({ version: 2, name: 'identity' })
  })

  it('creates the identity and profile tables with the documented columns', () => {
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name)
    expect(columns('identity')).toEqual(['id', 'phrase', 'did', 'created_at', 'backup_confirmed_at', 'backup_challenge'])
    expect(columns('profile')).toEqual(['id', 'display_name', 'bio', 'updated_at'])
  })

  it('allows one identity and one profile row only', () => {
    db.prepare("INSERT INTO identity (id, phrase, did, created_at) VALUES (1, 'p', 'd', 1)").run()
    expect(() => db.prepare("INSERT INTO identity (id, phrase, did, created_at) VALUES (2, 'p', 'd', 1)").run()).toThrow(/CHECK/)
    expect(() => db.prepare("INSERT INTO identity (id, phrase, did, created_at) VALUES (1, 'p', 'd', 1)").run()).toThrow(/UNIQUE|PRIMARY/)
    db.prepare("INSERT INTO profile (id, display_name, updated_at) VALUES (1, 'Ada', 1)").run()
    expect(() => db.prepare("INSERT INTO profile (id, display_name, updated_at) VALUES (2, 'Bob', 1)").run()).toThrow(/CHECK/)
  })

  it('is STRICT: a wrongly typed value is refused, not coerced', () => {
    expect(() => db.prepare("INSERT INTO identity (id, phrase, did, created_at) VALUES (1, 'p', 'd', 'yesterday')").run()).toThrow(/cannot store TEXT value in INTEGER/)
  })

  it('fails if run twice (a migration runs once; user_version guards it)', () => {
    expect(() => migration.up(db)).toThrow(/already exists/)
  })
})
