import type { Migration } from '../migration'

/**
 * Local preferences as a small JSON key-value table (auto-lock minutes, UI
 * choices). Values are JSON text so a setting can grow from a number to an
 * object without a schema change; Vault.getSetting/setSetting do the encoding.
 */
export const migration: Migration = {
  version: 1,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
