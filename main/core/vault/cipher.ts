import Sqlite from 'better-sqlite3-multiple-ciphers'
import { closeSync, openSync, readSync } from 'node:fs'

/**
 * How every vault connection is keyed: the one place that knows the pragmas,
 * shared by the vault, its tests and the benchmark so they cannot drift.
 *
 * Order matters. SQLite3MultipleCiphers' default cipher is ChaCha20-Poly1305,
 * not SQLCipher, and `legacy` configures *the currently selected* cipher, so
 * `cipher` comes first, then `legacy=4` (SQLCipher 4 defaults: 4096-byte
 * pages, AES-256-CBC, HMAC-SHA512 per page), and the key last: the key pragma
 * is what applies the configuration to the open database.
 *
 * The key is raw (`x'…'`, 32 bytes), so SQLCipher skips its own PBKDF2
 * (256 000 iterations at legacy=4); we stretched the passphrase once with
 * scrypt at unlock instead, and a later connection opens in about a millisecond.
 */
export const VAULT_PAGE_SIZE = 4096

export function applyVaultKey(db: Sqlite.Database, key: Buffer): void {
  if (key.length !== 32) throw new RangeError('vault key must be 32 bytes')
  // One exec rather than three db.pragma() calls: each of those prepares and
  // steps a statement, and this runs on every connection open (about 20 µs saved).
  // A JS string cannot be wiped; this one lives only until the next GC. The
  // Buffer the vault keeps is zeroed on lock.
  db.exec(`PRAGMA cipher = 'sqlcipher'; PRAGMA legacy = 4; PRAGMA key = "x'${key.toString('hex')}'";`)
}

/**
 * Change the key of an open, keyed connection to the file at `path`. The
 * caller must leave WAL first (see vault.ts).
 *
 * The file's SQLCipher salt (its first 16 bytes, from which the per-page HMAC
 * key is derived) is passed along with the new key (`x'<key><salt>'`), so the
 * re-key keeps it. Left alone, SQLite3MultipleCiphers picks a fresh random
 * salt and writes it into page 1 early in the re-key transaction; a crash
 * before the commit then leaves a file whose page 1 carries the new salt while
 * its rollback journal holds old-key pages. A connection with the old key
 * reads the salt from the file when keyed, before rolling the journal back,
 * so it derives the wrong HMAC key and neither key can ever open the file
 * again (found by test/integration/vault-crash.test.ts). The salt is not
 * secret; keeping it costs nothing because the key itself is fresh.
 */
export function rekeyVault(db: Sqlite.Database, path: string, key: Buffer): void {
  if (key.length !== 32) throw new RangeError('vault key must be 32 bytes')
  const salt = readFileSalt(path)
  db.pragma(`rekey="x'${key.toString('hex')}${salt.toString('hex')}'"`)
}

/** The first 16 bytes of a SQLCipher file: the salt, stored in clear (it is why the file has no SQLite header). */
export function readFileSalt(path: string): Buffer {
  const salt = Buffer.alloc(16)
  const fd = openSync(path, 'r')
  try {
    if (readSync(fd, salt, 0, 16, 0) !== 16) throw new Error('vault file too short to hold a salt')
  } finally {
    closeSync(fd)
  }
  return salt
}

/**
 * Open a keyed connection to a vault file (an existing one unless `create`).
 * Nothing is read yet: SQLite reads page 1, and so checks the key, on the
 * first statement.
 */
export function openKeyed(path: string, key: Buffer, options: { create?: boolean } = {}): Sqlite.Database {
  const db = new Sqlite(path, { fileMustExist: !options.create })
  try {
    applyVaultKey(db, key)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/** The SQLite error code of a better-sqlite3 error, e.g. 'SQLITE_NOTADB'; undefined for anything else. */
export function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Sqlite.SqliteError) return error.code
  return undefined
}
