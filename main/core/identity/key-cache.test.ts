import Sqlite from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import { EventBus } from '../event-bus'
import type { IdentityKeys } from './derivation'
import { deriveIdentityKeys } from './derivation'
import { IdentityKeyCache } from './key-cache'
import { generatePhrase } from './phrase'

describe('IdentityKeyCache', () => {
  const phrase = generatePhrase()
  const connections: Sqlite.Database[] = []
  const connection = () => {
    const db = new Sqlite(':memory:')
    connections.push(db)
    return db
  }
  afterEach(() => {
    for (const db of connections.splice(0)) db.close()
  })

  function counting(): { derive: () => IdentityKeys; count: () => number } {
    let calls = 0
    return {
      derive: () => {
        calls++
        return deriveIdentityKeys(phrase)
      },
      count: () => calls,
    }
  }

  it('derives once per connection', () => {
    const cache = new IdentityKeyCache(new EventBus())
    const db = connection()
    const { derive, count } = counting()
    const first = cache.get(db, derive)
    expect(cache.get(db, derive)).toBe(first)
    expect(count()).toBe(1)
  })

  it('wipes the secret keys when the vault locks', () => {
    const events = new EventBus()
    const cache = new IdentityKeyCache(events)
    const db = connection()
    const { derive, count } = counting()
    const keys = cache.get(db, derive)
    const signing = keys.signing.secretKey
    const sealing = keys.sealing.secretKey
    expect(signing.some((b) => b !== 0)).toBe(true)

    events.emit('vault.onLocked', { reason: 'idle' })
    expect(cache.isEmpty).toBe(true)
    expect(signing.every((b) => b === 0)).toBe(true)
    expect(sealing.every((b) => b === 0)).toBe(true)
    // Same connection object after the lock: derives again rather than handing out wiped keys.
    expect(cache.get(db, derive).signing.secretKey.some((b) => b !== 0)).toBe(true)
    expect(count()).toBe(2)
  })

  it('never hands one connection’s keys to another, even without a lock event', () => {
    const cache = new IdentityKeyCache(new EventBus())
    const { derive, count } = counting()
    const before = cache.get(connection(), derive)
    const after = cache.get(connection(), derive)
    expect(after).not.toBe(before)
    expect(before.signing.secretKey.every((b) => b === 0)).toBe(true)
    expect(count()).toBe(2)
  })
})
