import type Sqlite from 'better-sqlite3-multiple-ciphers'

type Database = Sqlite.Database

/**
 * One step of the vault's schema. Files are named `NNNN-what-it-does.ts`, run
 * in order inside one transaction each, and never edited once released: a
 * change is a new migration. `user_version` records the last one applied.
 */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}
