import type { Migration } from '../migration'

/**
 * The owner's identity and profile (main/core/identity/).
 *
 * `identity` holds the recovery phrase itself: the keys are derived from it on
 * unlock (main/core/identity/derivation.ts), so storing them too would only
 * add copies of secrets. It lives only here because the vault is SQLCipher-
 * encrypted; nothing identity-related is written anywhere else in the data dir.
 * `did` is stored to find and show the identity without deriving, and lets
 * the store notice a phrase/DID mismatch. Both tables hold at most one row
 * (`id = 1`): one identity per vault.
 */
export const migration: Migration = {
  version: 2,
  name: 'identity',
  up(db) {
    db.exec(`
      CREATE TABLE identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- the normalised 24 words, single-space separated
        phrase TEXT NOT NULL,
        did TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        backup_confirmed_at INTEGER,
        -- JSON array of the three 1-based positions the user must confirm, or NULL
        backup_challenge TEXT
      ) STRICT;

      CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        display_name TEXT NOT NULL,
        bio TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL
      ) STRICT;
    `)
  },
}
