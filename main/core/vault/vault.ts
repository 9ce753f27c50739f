import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { timingSafeEqual } from 'node:crypto'
import { join } from 'node:path'
import { RpcError } from '../../../shared/rpc/errors'
import { VAULT_PAGE_SIZE, openKeyed, rekeyVault, sqliteCode } from './cipher'
import type { KdfParams } from './kdf'
import { resolveKdfParams } from './kdf'
import { checkMigrations, migrate, refuseNewer } from './migrate'
import type { Migration } from './migration'
import { migrations as registry } from './migrations'
import type { Sidecar, SidecarPaths } from './vault-sidecar'
import { deriveSidecarKey, newKeyMaterial, readSidecar, removeDurably, renameDurably, sidecarAcceptsKey, sidecarPaths, writeSidecarAtomic } from './vault-sidecar'

export interface VaultOptions {
  /** Directory that holds the vault file and its sidecar (the core's data dir). */
  dir: string
  /** KDF cost for new keys (create, change passphrase). Existing vaults keep the parameters in their sidecar. */
  kdf?: Partial<KdfParams>
  /** Defaults to the registry in ./migrations; tests pass their own lists. */
  migrations?: readonly Migration[]
  fileName?: string
}

/** How one key fared against the file: it opened it, or SQLCipher refused page 1 (SQLITE_NOTADB). */
type OpenAttempt = { ok: true; db: Sqlite.Database } | { ok: false }

/**
 * The private, local store: one SQLCipher database in the data dir (see
 * README.md for the format and the reasons). The passphrase is stretched once
 * per unlock; the raw key stays in memory until lock() zeroes it, so later
 * connections (openConnection) open without a KDF.
 *
 * Every failure is an RpcError with a stable code, and leaves the files as
 * they were: the checks that can fail (key check, page-1 decrypt, quick_check,
 * schema version) only read, and anything that writes (WAL switch,
 * migrations, sidecar recovery) happens after they all passed.
 */
export class Vault {
  /** Full path of the database file. */
  readonly path: string
  readonly #dir: string
  readonly #kdf: KdfParams
  readonly #migrations: readonly Migration[]
  readonly #sidecars: SidecarPaths

  #db: Sqlite.Database | null = null
  #key: Buffer | null = null
  /** The sidecar describing #key: what verifyPassphrase and changePassphrase compare against. */
  #sidecar: Sidecar | null = null
  #settings: { get: Sqlite.Statement<[string], { value: string }>; set: Sqlite.Statement<[string, string]> } | null = null
  readonly #connections = new Set<Sqlite.Database>()
  /** create/unlock/changePassphrase run one at a time: each spans awaits (scrypt) and must not interleave. */
  #queue: Promise<unknown> = Promise.resolve()
  /** Bumped by lock(); an operation that awaited a KDF gives up if a lock happened meanwhile. */
  #epoch = 0

  constructor(options: VaultOptions) {
    this.#dir = options.dir
    this.path = join(options.dir, options.fileName ?? 'vault.db')
    this.#kdf = resolveKdfParams(options.kdf)
    this.#migrations = options.migrations ?? registry
    checkMigrations(this.#migrations)
    this.#sidecars = sidecarPaths(this.path)
  }

  get exists(): boolean {
    return existsSync(this.path)
  }

  get isUnlocked(): boolean {
    return this.#db !== null
  }

  requireUnlocked(): void {
    if (!this.#db) throw new RpcError('VAULT_LOCKED', 'The vault is locked. Unlock it with your passphrase first.')
  }

  /** The vault's main connection. Feature code uses this; it throws VAULT_LOCKED while locked. */
  get db(): Sqlite.Database {
    this.requireUnlocked()
    return this.#db!
  }

  /** Make a new vault keyed from this passphrase and leave it unlocked. */
  create(passphrase: string): Promise<void> {
    // Taken now, not when the queue gets to it: a lock() after this call cancels it.
    const epoch = this.#epoch
    return this.#exclusive(async () => {
      if (this.exists) throw vaultExists()
      mkdirSync(this.#dir, { recursive: true })
      const { sidecar, key } = await newKeyMaterial(passphrase, this.#kdf)
      try {
        if (epoch !== this.#epoch) throw lockedMeanwhile()
        if (this.exists) throw vaultExists()
        // Build the vault under a staging name and rename it into place, so a
        // crash never leaves a half-made vault.db that `create` would refuse
        // to replace and `unlock` could not open. The sidecar goes first: a
        // sidecar without a vault is harmless (the next create overwrites it).
        const staging = `${this.path}.creating`
        removeSqliteFiles(staging)
        writeSidecarAtomic(this.#sidecars.current, sidecar)
        removeDurably(this.#sidecars.next)
        try {
          const db = openKeyed(staging, key, { create: true })
          try {
            this.#configure(db)
          } finally {
            // Closing the last connection checkpoints the WAL into the file and
            // deletes it, so the renamed file is complete on its own.
            db.close()
          }
          renameDurably(staging, this.path)
        } catch (error) {
          removeSqliteFiles(staging)
          throw error
        }
        // Settings such as synchronous are per connection, not stored in the
        // file: configure the new connection like any unlock does (the
        // migrations already ran, so that part finds nothing to do).
        const db = openKeyed(this.path, key)
        try {
          this.#configure(db)
        } catch (error) {
          db.close()
          throw error
        }
        this.#adopt(db, key, sidecar)
      } catch (error) {
        key.fill(0)
        throw error
      }
    })
  }

  /**
   * Open the vault with the passphrase. Checks, in order: the file exists and
   * has a whole number of pages (VAULT_TRUNCATED), the passphrase matches the
   * sidecar's key check (WRONG_PASSPHRASE), SQLCipher accepts page 1
   * (VAULT_CORRUPT), every b-tree page passes HMAC and structure checks
   * (VAULT_CORRUPT / VAULT_TRUNCATED), the schema is not from the future
   * (VAULT_TOO_NEW). Only then does it migrate. Unlocking an unlocked vault
   * only checks the passphrase.
   */
  unlock(passphrase: string): Promise<void> {
    // Taken now, not when the queue gets to it: a lock() after this call cancels it.
    const epoch = this.#epoch
    return this.#exclusive(async () => {
      if (this.isUnlocked) {
        if (!(await this.#matchesOpenKey(passphrase))) throw wrongPassphrase()
        return
      }
      if (!this.exists) throw new RpcError('VAULT_NOT_FOUND', 'There is no vault here yet. Create an identity to make one.')
      const current = readSidecar(this.#sidecars.current)
      if (!current) {
        throw new RpcError('VAULT_CORRUPT', 'The vault’s key parameters file is missing, so the vault cannot be opened. Restore it from a backup, or restore your identity from its recovery phrase.')
      }
      // A `next` sidecar exists only if a passphrase change was interrupted.
      // It is written atomically, so an unreadable one was tampered with and
      // cannot describe the key the file is in; ignore it rather than fail.
      let next: Sidecar | null = null
      try {
        next = readSidecar(this.#sidecars.next)
      } catch {}
      this.#checkFileShape()

      // Try the current parameters, then the interrupted change's. Each key is
      // tried against the file only if its key check matches, so a wrong
      // passphrase never reaches SQLite at all.
      const outcome: Record<'current' | 'next', 'absent' | 'mismatch' | 'rejected'> = { current: 'mismatch', next: next ? 'mismatch' : 'absent' }
      for (const role of ['current', 'next'] as const) {
        const sidecar = role === 'current' ? current : next
        if (!sidecar) continue
        const key = await deriveSidecarKey(passphrase, sidecar)
        try {
          if (epoch !== this.#epoch) throw lockedMeanwhile()
          if (!sidecarAcceptsKey(sidecar, key)) {
            key.fill(0)
            continue
          }
          const attempt = this.#tryOpenAs(role, key)
          if (!attempt.ok) {
            outcome[role] = 'rejected'
            key.fill(0)
            continue
          }
          try {
            this.#finishInterruptedChange(role, next !== null)
            this.#configure(attempt.db)
          } catch (error) {
            attempt.db.close()
            throw error
          }
          this.#adopt(attempt.db, key, sidecar)
          return
        } catch (error) {
          key.fill(0)
          throw error
        }
      }
      throw explainFailure(outcome.current, outcome.next)
    })
  }

  /** Close every connection and zero the key. Idempotent; safe to call while an unlock is in flight (it will give up). */
  lock(): void {
    this.#epoch++
    try {
      for (const connection of this.#connections) if (connection.open) connection.close()
      this.#connections.clear()
      this.#db?.close()
    } finally {
      this.#db = null
      this.#settings = null
      this.#key?.fill(0)
      this.#key = null
      this.#sidecar = null
    }
  }

  /**
   * Lock and delete this vault: the database, its WAL companions and both KDF
   * sidecars. For undoing a create whose caller failed right after it (a
   * vault nobody can use would otherwise make every retry VAULT_EXISTS); not
   * for user data. Closes first because Windows cannot delete an open file.
   */
  destroy(): void {
    this.lock()
    for (const path of sqliteFiles(this.path)) removeDurably(path)
    removeDurably(this.#sidecars.current)
    removeDurably(this.#sidecars.next)
  }

  /** Does this passphrase open the vault? One KDF; never touches the database file. */
  async verifyPassphrase(passphrase: string): Promise<boolean> {
    if (this.isUnlocked) return this.#matchesOpenKey(passphrase)
    if (!this.exists) throw new RpcError('VAULT_NOT_FOUND', 'There is no vault here yet.')
    const sidecar = readSidecar(this.#sidecars.current)
    if (!sidecar) return false
    const key = await deriveSidecarKey(passphrase, sidecar)
    try {
      return sidecarAcceptsKey(sidecar, key)
    } finally {
      key.fill(0)
    }
  }

  /**
   * Re-key the vault to a new passphrase (fresh salt, current KDF cost) and
   * stay unlocked. Crash-safe: the new parameters are written to the `next`
   * sidecar first, the re-key itself is one SQLite transaction, and only
   * after it commits is `next` renamed over the current sidecar. Unlock
   * finishes or discards an interrupted change (README.md, "Re-keying").
   */
  changePassphrase(current: string, next: string): Promise<void> {
    const epoch = this.#epoch
    return this.#exclusive(async () => {
      if (epoch !== this.#epoch) throw lockedMeanwhile()
      this.requireUnlocked()
      this.#refuseIfOtherConnections()
      if (!(await this.#matchesOpenKey(current))) throw new RpcError('WRONG_PASSPHRASE', 'The current passphrase is not right, so it was not changed.')
      const fresh = await newKeyMaterial(next, this.#kdf)
      try {
        if (epoch !== this.#epoch) throw lockedMeanwhile()
        this.#refuseIfOtherConnections()
        this.#rekey(fresh.key, fresh.sidecar)
      } catch (error) {
        fresh.key.fill(0)
        throw error
      }
      this.#key!.fill(0)
      this.#key = fresh.key
      this.#sidecar = fresh.sidecar
    })
  }

  /**
   * Another connection to the unlocked vault, keyed with the cached raw key
   * (no KDF, about a millisecond): for readers off the main connection and for
   * benchmarks. The caller closes it; lock() closes it too, since a locked
   * vault must not stay readable through a forgotten handle.
   */
  openConnection(): Sqlite.Database {
    this.requireUnlocked()
    const db = openKeyed(this.path, this.#key!)
    try {
      db.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;')
      // Read page 1 now, so a problem shows here and not at some later query.
      db.prepare('SELECT count(*) FROM sqlite_master').get()
    } catch (error) {
      db.close()
      throw error
    }
    for (const connection of this.#connections) if (!connection.open) this.#connections.delete(connection)
    this.#connections.add(db)
    return db
  }

  /** A setting from the vault's JSON key-value table, or `fallback` when unset. */
  getSetting<T>(key: string, fallback: T): T {
    this.requireUnlocked()
    const row = this.#settings!.get.get(key)
    return row ? (JSON.parse(row.value) as T) : fallback
  }

  /** Store a JSON-serialisable setting. */
  setSetting(key: string, value: unknown): void {
    this.requireUnlocked()
    const json = JSON.stringify(value)
    if (json === undefined) throw new TypeError(`setting ${key} is not JSON-serialisable`)
    this.#settings!.set.run(key, json)
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation)
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #matchesOpenKey(passphrase: string): Promise<boolean> {
    const sidecar = this.#sidecar!
    const candidate = await deriveSidecarKey(passphrase, sidecar)
    try {
      // Locked while deriving: nothing to compare against.
      if (!this.#key) throw lockedMeanwhile()
      return timingSafeEqual(candidate, this.#key)
    } finally {
      candidate.fill(0)
    }
  }

  /** Truncation that cuts a page in half (or empties the file) shows in the size alone. */
  #checkFileShape(): void {
    const size = statSync(this.path).size
    if (size === 0 || size % VAULT_PAGE_SIZE !== 0) throw truncated()
  }

  /**
   * Open the file with a key whose check matched, and prove the whole file
   * readable before anything is written: page 1 (key and header), then
   * `PRAGMA quick_check`, which walks every b-tree, overflow and freelist
   * trunk page, so SQLCipher verifies each page's HMAC. SQLite3MultipleCiphers
   * has no `cipher_integrity_check` (the pragma is silently ignored), and
   * quick_check costs about 8 ms per MB (README.md has the figures).
   */
  #tryOpen(key: Buffer): OpenAttempt {
    const db = openKeyed(this.path, key)
    try {
      try {
        db.prepare('SELECT count(*) FROM sqlite_master').get()
      } catch (error) {
        const code = sqliteCode(error)
        // Page 1 failed its HMAC although the key check matched: the key is
        // right for *some* file state; unlock decides what that means.
        if (code === 'SQLITE_NOTADB') return { ok: false }
        if (code?.startsWith('SQLITE_CORRUPT')) throw this.#headerClaimsMissingPages(key) ? truncated() : corrupt()
        throw error
      }
      let result: unknown[]
      try {
        result = db.pragma('quick_check') as unknown[]
      } catch (error) {
        const code = sqliteCode(error)
        if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') throw corrupt()
        if (code === 'SQLITE_IOERR_SHORT_READ') throw truncated()
        throw error
      }
      if (!(result.length === 1 && (result[0] as { quick_check?: string }).quick_check === 'ok')) throw corrupt()
      refuseNewer(db, this.#migrations)
    } catch (error) {
      db.close()
      throw error
    }
    // Hand out a fresh connection rather than the one that ran quick_check:
    // after quick_check, SQLite3MultipleCiphers leaves that connection in a
    // state where a later re-key's WAL checkpoint fails with SQLITE_LOCKED
    // (found by the random call sequences in main/core/core-router.test.ts).
    db.close()
    return { ok: true, db: openKeyed(this.path, key) }
  }

  /**
   * The `next` key of an interrupted change may meet a file it never keyed,
   * still holding the rollback journal of the re-key (whose pages are in the
   * old key): whatever SQLite calls that failure, it means "not this key".
   */
  #tryOpenAs(role: 'current' | 'next', key: Buffer): OpenAttempt {
    try {
      return this.#tryOpen(key)
    } catch (error) {
      if (role === 'next' && error instanceof RpcError && error.code === 'VAULT_CORRUPT') return { ok: false }
      throw error
    }
  }

  /**
   * SQLite refuses a file shorter than its header's page count as corrupt
   * (btree.c lockBtree: nPage > nPageFile) unless `writable_schema` is on, in
   * which case it trusts the file size. So if page 1 opens with the flag and
   * not without it, the header says pages are missing: truncation, not a
   * damaged page. better-sqlite3 runs in SQLite's defensive mode, which
   * ignores writable_schema, hence unsafeMode on this throwaway connection.
   * Nothing is written: the probe runs one read-only pragma and closes.
   */
  #headerClaimsMissingPages(key: Buffer): boolean {
    const probe = openKeyed(this.path, key)
    try {
      probe.unsafeMode(true)
      probe.pragma('writable_schema = ON')
      probe.pragma('page_count')
      return true
    } catch {
      return false
    } finally {
      probe.close()
    }
  }

  /**
   * The key of `role`'s sidecar opened the file, so the interrupted change (if
   * any) is settled: with the current key the re-key never committed and
   * `next` is stale; with the next key it committed and `next` becomes current.
   */
  #finishInterruptedChange(role: 'current' | 'next', nextExists: boolean): void {
    if (role === 'next') renameDurably(this.#sidecars.next, this.#sidecars.current)
    else if (nextExists) removeDurably(this.#sidecars.next)
  }

  /** Connection settings of the main connection, then pending migrations. */
  #configure(db: Sqlite.Database): void {
    // WAL: readers never block the writer. synchronous=FULL: a commit is on
    // disk when it returns (NORMAL could lose the last commits on power loss,
    // and the vault holds keys and drafts the user was promised are saved).
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    migrate(db, this.#migrations)
  }

  #adopt(db: Sqlite.Database, key: Buffer, sidecar: Sidecar): void {
    this.#db = db
    this.#key = key
    this.#sidecar = sidecar
    this.#settings = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      set: db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    }
  }

  #refuseIfOtherConnections(): void {
    for (const connection of this.#connections) if (!connection.open) this.#connections.delete(connection)
    if (this.#connections.size > 0) {
      throw new RpcError('VAULT_BUSY', 'The vault is in use by another task. Try changing the passphrase again in a moment.')
    }
  }

  /** See changePassphrase. SQLite3MultipleCiphers cannot re-key in WAL mode, so leave it for the duration. */
  #rekey(key: Buffer, sidecar: Sidecar): void {
    const db = this.#db!
    writeSidecarAtomic(this.#sidecars.next, sidecar)
    try {
      // Move every committed page into the main file, then switch to a
      // rollback journal; the journal keeps the old-key pages, so a crash
      // mid-re-key rolls back to a file the old key opens.
      db.pragma('wal_checkpoint(TRUNCATE)')
      const mode = db.pragma('journal_mode = DELETE', { simple: true })
      if (mode !== 'delete') throw new RpcError('VAULT_BUSY', 'The vault is open elsewhere (another PLANET window?), so its passphrase cannot be changed now.')
      rekeyVault(db, this.path, key)
    } catch (error) {
      // Not committed: the file still opens with the old key only.
      try {
        db.pragma('journal_mode = WAL')
      } finally {
        removeDurably(this.#sidecars.next)
      }
      if (sqliteCode(error)?.startsWith('SQLITE_BUSY')) throw new RpcError('VAULT_BUSY', 'The vault is busy, so its passphrase was not changed. Try again.')
      throw error
    }
    // Committed: from here only the new key opens the file.
    renameDurably(this.#sidecars.next, this.#sidecars.current)
    db.pragma('journal_mode = WAL')
  }
}

function explainFailure(current: 'mismatch' | 'rejected' | 'absent', next: 'mismatch' | 'rejected' | 'absent'): RpcError {
  if (current === 'rejected' && next === 'mismatch') {
    // The old key matched its sidecar but not the file, and a newer sidecar
    // exists: the change committed before the crash; only the new passphrase works.
    return new RpcError('WRONG_PASSPHRASE', 'That passphrase is no longer valid: it was changed. Use the new passphrase.')
  }
  if (next === 'rejected' && current === 'mismatch') {
    return new RpcError('WRONG_PASSPHRASE', 'A passphrase change did not finish, so the vault still uses the previous passphrase. Unlock with that one.')
  }
  if (current === 'rejected') {
    // Right passphrase (the key check says so), yet the first page fails its HMAC.
    return corrupt()
  }
  return wrongPassphrase()
}

function wrongPassphrase(): RpcError {
  return new RpcError('WRONG_PASSPHRASE', 'That passphrase is not right. Check it and try again.')
}

function vaultExists(): RpcError {
  return new RpcError('VAULT_EXISTS', 'A vault already exists here. Unlock it instead, or move it away before creating a new one.')
}

function corrupt(): RpcError {
  return new RpcError('VAULT_CORRUPT', 'The vault file is damaged: part of it no longer matches what was written. Nothing was changed; restore it from a backup, or restore your identity from its recovery phrase.')
}

function truncated(): RpcError {
  return new RpcError('VAULT_TRUNCATED', 'The vault file is incomplete: its end is missing (an interrupted copy or a full disk?). Nothing was changed; restore it from a backup, or restore your identity from its recovery phrase.')
}

function lockedMeanwhile(): RpcError {
  return new RpcError('VAULT_LOCKED', 'The vault was locked while this operation was running.')
}

/** A database file and its WAL/journal companions. */
function sqliteFiles(path: string): string[] {
  return ['', '-wal', '-shm', '-journal'].map((suffix) => `${path}${suffix}`)
}

/** Remove a database file and its companions (a crashed create's leftovers). */
function removeSqliteFiles(path: string): void {
  for (const file of sqliteFiles(path)) rmSync(file, { force: true })
}
