import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestCore } from '../../../test/helpers/core'
import type { TestCore } from '../../../test/helpers/core'

const PASS = 'correct horse battery staple'
const NEXT = 'a brand new passphrase'

describe('vault.* through the router', () => {
  let test: TestCore | null = null
  afterEach(async () => {
    await test?.cleanup()
    test = null
  })

  async function withEvents() {
    test = await createTestCore()
    const events: Array<[string, unknown]> = []
    test.client.subscribe('vault.onLocked', (payload) => events.push(['locked', payload]))
    test.client.subscribe('vault.onUnlocked', (payload) => events.push(['unlocked', payload]))
    return { ...test, events }
  }

  it('reports none, then unlocked, locked and unlocked again', async () => {
    const { core, client, events } = await withEvents()
    expect(await client.call('vault.getStatus', {})).toEqual({ state: 'none', autoLockMinutes: null })
    expect(await client.try('vault.unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'VAULT_NOT_FOUND' } })

    // identity.create makes the vault in real use; here the vault alone.
    await core.vault.create(PASS)
    expect(await client.call('vault.getStatus', {})).toEqual({ state: 'unlocked', autoLockMinutes: 15 })

    expect(await client.call('vault.lock', {})).toEqual({ state: 'locked', autoLockMinutes: null })
    expect(core.vault.isUnlocked).toBe(false)
    // Idempotent, and announced only once.
    expect(await client.call('vault.lock', {})).toEqual({ state: 'locked', autoLockMinutes: null })

    expect(await client.call('vault.unlock', { passphrase: PASS })).toEqual({ state: 'unlocked', autoLockMinutes: 15 })
    expect(core.autoLock.running).toBe(true)
    // Unlocking again with the right passphrase changes nothing and announces nothing.
    await client.call('vault.unlock', { passphrase: PASS })
    expect(events).toEqual([
      ['locked', { reason: 'manual' }],
      ['unlocked', {}],
    ])
  })

  it('answers a wrong passphrase with WRONG_PASSPHRASE and leaves the file alone', async () => {
    const { core, client, events } = await withEvents()
    await core.vault.create(PASS)
    await client.call('vault.lock', {})
    const hash = () => createHash('sha256').update(readFileSync(core.vault.path)).digest('hex')
    const before = hash()
    const result = await client.try('vault.unlock', { passphrase: 'not the passphrase' })
    expect(result).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: expect.stringMatching(/passphrase/) } })
    expect(hash()).toBe(before)
    expect(await client.call('vault.getStatus', {})).toEqual({ state: 'locked', autoLockMinutes: null })
    expect(events).toEqual([['locked', { reason: 'manual' }]])
  })

  it('refuses non-public methods while locked with VAULT_LOCKED', async () => {
    const { core, client } = await withEvents()
    expect(await client.try('vault.setAutoLock', { minutes: 5 })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } })
    await core.vault.create(PASS)
    await client.call('vault.lock', {})
    expect(await client.try('vault.setAutoLock', { minutes: 5 })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } })
    expect(await client.try('vault.changePassphrase', { current: PASS, next: NEXT })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } })
  })

  it('stores the auto-lock minutes in the vault', async () => {
    const { core, client } = await withEvents()
    await core.vault.create(PASS)
    expect(await client.call('vault.setAutoLock', { minutes: 42 })).toEqual({ state: 'unlocked', autoLockMinutes: 42 })
    expect(core.autoLock.minutes).toBe(42)
    expect(await client.try('vault.setAutoLock', { minutes: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    await client.call('vault.lock', {})
    expect(await client.call('vault.unlock', { passphrase: PASS })).toEqual({ state: 'unlocked', autoLockMinutes: 42 })
    expect(core.autoLock.minutes).toBe(42)
  })

  it('changes the passphrase and stays unlocked', async () => {
    const { core, client, events } = await withEvents()
    await core.vault.create(PASS)
    expect(await client.try('vault.changePassphrase', { current: 'wrong one', next: NEXT })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } })
    // The contract's passphrase rules apply to the new one.
    expect(await client.try('vault.changePassphrase', { current: PASS, next: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await client.call('vault.changePassphrase', { current: PASS, next: NEXT })).toEqual({})
    expect(await client.call('vault.getStatus', {})).toEqual({ state: 'unlocked', autoLockMinutes: 15 })
    expect(events).toEqual([])
    await client.call('vault.lock', {})
    expect(await client.try('vault.unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } })
    expect(await client.call('vault.unlock', { passphrase: NEXT })).toMatchObject({ state: 'unlocked' })
  })

  it('locks on shutdown', async () => {
    const { core } = await withEvents()
    await core.vault.create(PASS)
    const reasons: string[] = []
    // On the core's bus: the client unsubscribes before the core closes.
    core.events.on('vault.onLocked', ({ reason }) => reasons.push(reason))
    await test!.cleanup()
    test = null
    expect(core.vault.isUnlocked).toBe(false)
    expect(reasons).toEqual(['shutdown'])
  })
})
