import { afterEach, describe, expect, it } from 'vitest'
import { createTestCore } from '../../../test/helpers/core'
import type { TestCore } from '../../../test/helpers/core'
import { FakeClock } from '../../../test/helpers/fake-clock'
import { AutoLock } from './auto-lock'

const MINUTE = 60_000

function setup() {
  const clock = new FakeClock()
  let idle = 0
  const autoLock = new AutoLock({ clock, onIdle: () => idle++ })
  return { clock, autoLock, idleCount: () => idle }
}

describe('AutoLock', () => {
  it('fires after N idle minutes, once', () => {
    const { clock, autoLock, idleCount } = setup()
    autoLock.start(5)
    clock.advance(5 * MINUTE - 1)
    expect(idleCount()).toBe(0)
    clock.advance(1)
    expect(idleCount()).toBe(1)
    expect(autoLock.running).toBe(false)
    clock.advance(60 * MINUTE)
    expect(idleCount()).toBe(1)
  })

  it('is postponed by activity', () => {
    const { clock, autoLock, idleCount } = setup()
    autoLock.start(5)
    for (let i = 0; i < 10; i++) {
      clock.advance(4 * MINUTE)
      autoLock.touch()
    }
    expect(idleCount()).toBe(0)
    // Touches do not pile up timers.
    expect(clock.pending).toBe(1)
    clock.advance(5 * MINUTE - 1)
    expect(idleCount()).toBe(0)
    clock.advance(1)
    expect(idleCount()).toBe(1)
  })

  it('never fires with 0 minutes', () => {
    const { clock, autoLock, idleCount } = setup()
    autoLock.start(0)
    clock.advance(7 * 24 * 60 * MINUTE)
    expect(idleCount()).toBe(0)
    expect(clock.pending).toBe(0)
  })

  it('applies a new idle time counted from the last activity', () => {
    const { clock, autoLock, idleCount } = setup()
    autoLock.start(0)
    clock.advance(10 * MINUTE)
    autoLock.touch()
    clock.advance(2 * MINUTE)
    autoLock.setMinutes(3)
    clock.advance(MINUTE - 1)
    expect(idleCount()).toBe(0)
    clock.advance(1)
    expect(idleCount()).toBe(1)

    autoLock.start(10)
    autoLock.setMinutes(0)
    clock.advance(60 * MINUTE)
    expect(idleCount()).toBe(1)
  })

  it('does nothing when stopped or not started', () => {
    const { clock, autoLock, idleCount } = setup()
    autoLock.touch()
    autoLock.setMinutes(1)
    clock.advance(10 * MINUTE)
    expect(idleCount()).toBe(0)
    autoLock.start(1)
    autoLock.stop()
    autoLock.stop()
    autoLock.touch()
    clock.advance(10 * MINUTE)
    expect(idleCount()).toBe(0)
    expect(clock.pending).toBe(0)
  })

  it('rejects nonsense minutes', () => {
    const { autoLock } = setup()
    expect(() => autoLock.setMinutes(-1)).toThrow(RangeError)
    expect(() => autoLock.setMinutes(1.5)).toThrow(RangeError)
  })
})

describe('AutoLock in the Core', () => {
  let test: TestCore | null = null
  afterEach(async () => {
    await test?.cleanup()
    test = null
  })

  it('locks an idle vault and emits vault.onLocked {reason: idle}; calls postpone it', async () => {
    const clock = new FakeClock()
    test = await createTestCore({ clock })
    const { core, client } = test
    await core.vault.create('correct horse battery staple')
    await client.call('vault.lock', {})
    await client.call('vault.unlock', { passphrase: 'correct horse battery staple' })
    await client.call('vault.setAutoLock', { minutes: 2 })
    const locked: unknown[] = []
    client.subscribe('vault.onLocked', (payload) => locked.push(payload))

    clock.advance(MINUTE + 30_000)
    // Any call is activity, even a public one.
    await client.call('vault.getStatus', {})
    clock.advance(MINUTE + 30_000)
    expect(core.vault.isUnlocked).toBe(true)
    expect(locked).toEqual([])

    clock.advance(30_000)
    expect(core.vault.isUnlocked).toBe(false)
    expect(locked).toEqual([{ reason: 'idle' }])
    expect(await client.call('vault.getStatus', {})).toEqual({ state: 'locked', autoLockMinutes: null })

    // The next unlock re-arms it with the stored minutes.
    await client.call('vault.unlock', { passphrase: 'correct horse battery staple' })
    clock.advance(2 * MINUTE)
    expect(locked).toEqual([{ reason: 'idle' }, { reason: 'idle' }])
  })

  it('defaults to 15 minutes and never locks with 0', async () => {
    const clock = new FakeClock()
    test = await createTestCore({ clock })
    const { core, client } = test
    await core.vault.create('correct horse battery staple')
    await client.call('vault.lock', {})
    const status = await client.call('vault.unlock', { passphrase: 'correct horse battery staple' })
    expect(status).toEqual({ state: 'unlocked', autoLockMinutes: 15 })
    clock.advance(15 * MINUTE - 1)
    expect(core.vault.isUnlocked).toBe(true)
    expect(await client.call('vault.setAutoLock', { minutes: 0 })).toEqual({ state: 'unlocked', autoLockMinutes: 0 })
    clock.advance(24 * 60 * MINUTE)
    expect(core.vault.isUnlocked).toBe(true)
  })

  it('vault.reportActivity postpones the idle lock like any other call', async () => {
    const clock = new FakeClock()
    test = await createTestCore({ clock })
    const { core, client } = test
    await core.vault.create('correct horse battery staple')
    await client.call('vault.lock', {})
    await client.call('vault.unlock', { passphrase: 'correct horse battery staple' })
    await client.call('vault.setAutoLock', { minutes: 1 })
    for (let i = 0; i < 5; i++) {
      clock.advance(50_000)
      await client.call('vault.reportActivity', {})
    }
    expect(core.vault.isUnlocked).toBe(true)
    clock.advance(MINUTE)
    expect(core.vault.isUnlocked).toBe(false)
    // Locked now: reporting activity cannot reopen anything.
    expect(await client.try('vault.reportActivity', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } })
  })

  it('core.lock("system") locks once and says why (the desktop shell calls it on screen lock and sleep)', async () => {
    test = await createTestCore()
    const { core, client } = test
    await core.vault.create('correct horse battery staple')
    const locked: unknown[] = []
    client.subscribe('vault.onLocked', (payload) => locked.push(payload))
    core.lock('system')
    core.lock('system')
    expect(core.vault.isUnlocked).toBe(false)
    expect(locked).toEqual([{ reason: 'system' }])
  })
})
