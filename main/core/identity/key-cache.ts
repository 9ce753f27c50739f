import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { EventBus } from '../event-bus'
import type { IdentityKeys } from './derivation'
import { deriveIdentityKeys, wipeIdentityKeys } from './derivation'
import type { IdentityRecord } from './identity-store'
import { readIdentity } from './identity-store'

/**
 * The identity's derived keys, kept in memory for one unlock only.
 *
 * Deriving costs one BIP39 PBKDF2 (2048 × HMAC-SHA512), too much to repeat
 * for every signature but cheap once per unlock. Two guards make sure keys
 * never survive a lock:
 *   - `vault.onLocked` wipes them (overwrites the secret bytes) at once;
 *   - entries are tied to the database connection they were read through.
 *     Every unlock opens a new connection, so even a lock that bypassed the
 *     event bus cannot hand the previous unlock's keys to the next one.
 */
export class IdentityKeyCache {
  #connection: Sqlite.Database | null = null
  #keys: IdentityKeys | null = null

  constructor(events: EventBus) {
    events.on('vault.onLocked', () => this.clear())
  }

  /** The keys for this connection, deriving them with `derive` on first use. */
  get(connection: Sqlite.Database, derive: () => IdentityKeys): IdentityKeys {
    if (this.#keys && this.#connection === connection) return this.#keys
    this.clear()
    const keys = derive()
    this.#connection = connection
    this.#keys = keys
    return keys
  }

  /** Remember keys derived elsewhere (create/restore derive them anyway). */
  set(connection: Sqlite.Database, keys: IdentityKeys): void {
    if (this.#keys !== keys) this.clear()
    this.#connection = connection
    this.#keys = keys
  }

  clear(): void {
    if (this.#keys) wipeIdentityKeys(this.#keys)
    this.#keys = null
    this.#connection = null
  }

  get isEmpty(): boolean {
    return this.#keys === null
  }
}

/** The keys of this stored identity, derived once per unlock. */
export function keysForRecord(cache: IdentityKeyCache, db: Sqlite.Database, record: IdentityRecord): IdentityKeys {
  return cache.get(db, () => {
    const derived = deriveIdentityKeys(record.phrase)
    // The DID was stored when the identity was made from this same phrase;
    // a difference means the file was tampered with or the scheme changed.
    if (derived.did !== record.did) {
      wipeIdentityKeys(derived)
      throw new Error('the stored DID does not match the stored phrase')
    }
    return derived
  })
}

/** The unlocked vault's identity keys, or null when it holds no identity yet (features that need one wait). */
export function currentIdentityKeys(cache: IdentityKeyCache, db: Sqlite.Database): IdentityKeys | null {
  const record = readIdentity(db)
  return record ? keysForRecord(cache, db, record) : null
}
