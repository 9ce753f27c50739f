import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { RpcError } from '../../../shared/rpc/errors'
import type { Migration } from './migration'

/**
 * Check a migration list once, at construction: versions 1, 2, 3… with no gap
 * or duplicate. A gap would make `user_version` ambiguous forever, so it is a
 * programming error caught before any vault is touched.
 */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`vault migrations must be numbered 1, 2, 3… in order; position ${index + 1} holds version ${migration.version} (${migration.name})`)
    }
  })
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version
}

export function userVersion(db: Sqlite.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** VAULT_TOO_NEW when the file's schema is newer than this code; called before anything is written. */
export function refuseNewer(db: Sqlite.Database, migrations: readonly Migration[]): void {
  const found = userVersion(db)
  const known = latestVersion(migrations)
  if (found > known) {
    throw new RpcError(
      'VAULT_TOO_NEW',
      `This vault was last opened by a newer version of PLANET (schema ${found}; this version knows up to ${known}). Update PLANET to open it; nothing was changed.`,
      { vaultVersion: found, supportedVersion: known },
    )
  }
}

/**
 * Apply the pending migrations in order, each in its own transaction that
 * also sets `user_version`, so a crash leaves the vault at the last completed
 * step and the next unlock resumes from there. Returns the versions applied.
 */
export function migrate(db: Sqlite.Database, migrations: readonly Migration[]): number[] {
  refuseNewer(db, migrations)
  const applied: number[] = []
  for (const migration of migrations) {
    if (migration.version <= userVersion(db)) continue
    db.transaction(() => {
      migration.up(db)
      // user_version lives in the header page, which is part of the transaction:
      // the schema change and the version number commit (or vanish) together.
      db.pragma(`user_version = ${Number(migration.version)}`)
    }).immediate()
    applied.push(migration.version)
  }
  return applied
}
