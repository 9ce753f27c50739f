import { bytesToHex } from '@noble/hashes/utils.js'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../../shared/contract'
import type { RpcClient } from '../../../shared/rpc'
import type { TestCore } from '../../../test/helpers/core'
import { createTestCore, makeTempDir } from '../../../test/helpers/core'
import { deriveIdentityKeys } from './derivation'

const PASSPHRASE = 'correct horse battery staple'

/** Every test core is closed and its data dir deleted, whatever the test did. */
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function testCore(dataDir?: string): Promise<TestCore> {
  const t = await createTestCore(dataDir ? { dataDir } : {})
  cleanups.push(t.cleanup)
  return t
}

async function tempDir(): Promise<string> {
  const { dir, cleanup } = await makeTempDir()
  cleanups.push(cleanup)
  return dir
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as { code: string }).code
  }
  throw new Error('expected the call to fail')
}

function record<E extends EventName>(client: RpcClient, event: E): Array<EventPayload<E>> {
  const seen: Array<EventPayload<E>> = []
  client.subscribe(event, (payload) => seen.push(payload))
  return seen
}

/** Files the vault could leave behind, by name. */
async function vaultFiles(dataDir: string): Promise<string[]> {
  return existsSync(dataDir) ? (await readdir(dataDir)).filter((name) => name.startsWith('vault')) : []
}

describe('identity.create', () => {
  it('creates a vault and an identity that identity.get returns', async () => {
    const { client } = await testCore()
    const unlocked = record(client, 'vault.onUnlocked')
    const created = await client.call('identity.create', { passphrase: PASSPHRASE, displayName: '  Ada  ' })

    expect(created.phrase).toHaveLength(24)
    expect(await client.call('identity.checkPhrase', { phrase: created.phrase.join(' ') })).toEqual({ valid: true, code: null, message: null })
    expect(new Set(created.confirmPositions).size).toBe(3)

    const keys = deriveIdentityKeys(created.phrase)
    expect(created.identity).toMatchObject({
      did: keys.did,
      publicKey: bytesToHex(keys.signing.publicKey),
      sealingPublicKey: bytesToHex(keys.sealing.publicKey),
      profile: { displayName: 'Ada', bio: '' },
      backupConfirmedAt: null,
    })
    expect(await client.call('identity.get', {})).toEqual(created.identity)
    expect(await client.call('vault.getStatus', {})).toMatchObject({ state: 'unlocked' })
    expect(unlocked).toHaveLength(1)
  })

  it('refuses a second create with VAULT_EXISTS, unlocked or locked, and keeps the first identity', async () => {
    const { client } = await testCore()
    const first = await client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
    expect(await codeOf(client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Eve' }))).toBe('VAULT_EXISTS')
    await client.call('vault.lock', {})
    expect(await codeOf(client.call('identity.create', { passphrase: 'another passphrase', displayName: 'Eve' }))).toBe('VAULT_EXISTS')
    await client.call('vault.unlock', { passphrase: PASSPHRASE })
    expect((await client.call('identity.get', {})).did).toBe(first.identity.did)
  })

  it('refuses a second onboarding while one is running', async () => {
    const { client } = await testCore()
    const results = await Promise.allSettled([
      client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' }),
      client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Eve' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toMatchObject({ code: 'VAULT_BUSY' })
  })

  it('leaves no vault behind when storing the identity fails, so a retry works', async () => {
    const { client, core, dataDir } = await testCore()
    const create = core.vault.create.bind(core.vault)
    // Make the insert fail right after a successful vault.create.
    core.vault.create = async (passphrase: string) => {
      await create(passphrase)
      core.vault.db.exec('DROP TABLE profile')
    }
    expect(await codeOf(client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' }))).toBe('INTERNAL')
    expect(await vaultFiles(dataDir)).toEqual([])
    expect(await client.call('vault.getStatus', {})).toMatchObject({ state: 'none' })

    core.vault.create = create
    const created = await client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
    expect((await client.call('identity.get', {})).did).toBe(created.identity.did)
  })

  it('leaves no vault behind (and announces no unlock) when afterUnlock fails', async () => {
    const { client, core, dataDir } = await testCore()
    const unlocked = record(client, 'vault.onUnlocked')
    const start = core.autoLock.start.bind(core.autoLock)
    core.autoLock.start = () => {
      throw new Error('timer trouble')
    }
    expect(await codeOf(client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' }))).toBe('INTERNAL')
    expect(await vaultFiles(dataDir)).toEqual([])
    expect(unlocked).toHaveLength(0)
    expect(core.vault.isUnlocked).toBe(false)

    core.autoLock.start = start
    await client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
    expect(await vaultFiles(dataDir)).toContain('vault.db')
  })

  it('fills in a vault left without identity by a crash, once the passphrase proves ownership', async () => {
    const { client, core } = await testCore()
    // What a crash between vault.create and the insert leaves, unlocked again by the user.
    await core.vault.create(PASSPHRASE)
    expect(await codeOf(client.call('identity.get', {}))).toBe('IDENTITY_MISSING')
    expect(await codeOf(client.call('identity.create', { passphrase: 'not the vault passphrase', displayName: 'Ada' }))).toBe('WRONG_PASSPHRASE')
    const created = await client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
    expect((await client.call('identity.get', {})).did).toBe(created.identity.did)
  })
})

describe('identity.restore', () => {
  it('restores the same DID and keys in a fresh data dir', async () => {
    const a = await testCore()
    const created = await a.client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })

    const b = await testCore()
    // As a person might type it from paper.
    const typed = `  ${created.phrase.map((w, i) => (i % 3 === 0 ? w.toUpperCase() : w)).join('  \n')}  `
    const restored = await b.client.call('identity.restore', { phrase: typed, passphrase: 'a different passphrase', displayName: 'Ada again' })
    expect(restored.did).toBe(created.identity.did)
    expect(restored.publicKey).toBe(created.identity.publicKey)
    expect(restored.sealingPublicKey).toBe(created.identity.sealingPublicKey)
    expect(restored.profile.displayName).toBe('Ada again')
    expect(await b.client.call('vault.getStatus', {})).toMatchObject({ state: 'unlocked' })
    // The restored vault reveals the normalised phrase.
    expect((await b.client.call('identity.revealPhrase', { passphrase: 'a different passphrase' })).phrase).toEqual(created.phrase)
  })

  it.each([
    ['PHRASE_UNKNOWN_WORD', (words: string[]) => [...words.slice(0, 4), 'abandn', ...words.slice(5)].join(' ')],
    ['PHRASE_WRONG_LENGTH', (words: string[]) => words.slice(0, 23).join(' ')],
    ['PHRASE_BAD_CHECKSUM', (words: string[]) => [...words.slice(0, 23), words[23] === 'zoo' ? 'abandon' : 'zoo'].join(' ')],
  ] as const)('refuses a bad phrase with %s and creates no vault file', async (code, spoil) => {
    const { client, dataDir } = await testCore()
    const phrase = spoil(`${'abandon '.repeat(23)}art`.split(' '))
    const result = await client.try('identity.restore', { phrase, passphrase: PASSPHRASE, displayName: 'Ada' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe(code)
    if (code === 'PHRASE_UNKNOWN_WORD') expect(result.error.details).toMatchObject({ position: 5, word: 'abandn' })
    expect(await vaultFiles(dataDir)).toEqual([])
    expect(await client.call('vault.getStatus', {})).toMatchObject({ state: 'none' })
  })

  it('refuses to restore over an existing vault', async () => {
    const { client } = await testCore()
    const created = await client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
    expect(await codeOf(client.call('identity.restore', { phrase: created.phrase.join(' '), passphrase: PASSPHRASE, displayName: 'Ada' }))).toBe('VAULT_EXISTS')
  })
})

describe('identity.checkPhrase', () => {
  it('works before any vault exists and reports the problem without throwing', async () => {
    const { client } = await testCore()
    expect(await client.call('identity.checkPhrase', { phrase: 'abandon ability' })).toMatchObject({ valid: false, code: 'PHRASE_WRONG_LENGTH' })
    expect(await client.call('identity.checkPhrase', { phrase: 'abandon ablity' })).toMatchObject({ valid: false, code: 'PHRASE_UNKNOWN_WORD' })
    expect(await client.call('identity.checkPhrase', { phrase: `${'abandon '.repeat(23)}art` })).toEqual({ valid: true, code: null, message: null })
  })
})

describe('with an identity', () => {
  async function onboarded() {
    const t = await testCore()
    const created = await t.client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
    return { ...t, created }
  }
  const answers = (phrase: string[], positions: number[]) => positions.map((position) => ({ position, word: phrase[position - 1]! }))

  it('confirms the backup only with the right words at the asked positions', async () => {
    const { client, created } = await onboarded()
    const wrong = answers(created.phrase, created.confirmPositions).map((a, i) => (i === 0 ? { ...a, word: a.word === 'zoo' ? 'abandon' : 'zoo' } : a))
    const mismatch = await client.try('identity.confirmBackup', { words: wrong })
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'BACKUP_WORDS_MISMATCH', details: { positions: [created.confirmPositions[0]] } } })
    expect((await client.call('identity.get', {})).backupConfirmedAt).toBeNull()

    const right = answers(created.phrase, created.confirmPositions).map((a) => ({ ...a, word: ` ${a.word.toUpperCase()}` }))
    const confirmed = await client.call('identity.confirmBackup', { words: right })
    expect(confirmed.backupConfirmedAt).toEqual(expect.any(Number))
    expect((await client.call('identity.get', {})).backupConfirmedAt).toBe(confirmed.backupConfirmedAt)
  })

  it('issues a new challenge that replaces the old one', async () => {
    const { client, created } = await onboarded()
    let next = await client.call('identity.getBackupChallenge', {})
    // Draw until the positions differ (1 in 2024 chance of a repeat per draw).
    while (next.confirmPositions.join() === created.confirmPositions.join()) next = await client.call('identity.getBackupChallenge', {})
    expect(await codeOf(client.call('identity.confirmBackup', { words: answers(created.phrase, created.confirmPositions) }))).toBe('BACKUP_WORDS_MISMATCH')
    const confirmed = await client.call('identity.confirmBackup', { words: answers(created.phrase, next.confirmPositions) })
    expect(confirmed.backupConfirmedAt).not.toBeNull()
  })

  it('reveals the phrase only with the passphrase', async () => {
    const { client, created } = await onboarded()
    expect(await codeOf(client.call('identity.revealPhrase', { passphrase: 'wrong passphrase' }))).toBe('WRONG_PASSPHRASE')
    expect(await client.call('identity.revealPhrase', { passphrase: PASSPHRASE })).toEqual({ phrase: created.phrase })
  })

  it('updates the profile, tells subscribers, and keeps it across a lock', async () => {
    const { client, created } = await onboarded()
    const updates = record(client, 'identity.onProfileUpdated')
    const updated = await client.call('identity.updateProfile', { bio: 'Counts things.' })
    expect(updated.profile).toEqual({ displayName: 'Ada', bio: 'Counts things.' })
    expect(updates).toEqual([{ profile: { displayName: 'Ada', bio: 'Counts things.' } }])

    await client.call('identity.updateProfile', { displayName: 'Ada L.' })
    await client.call('vault.lock', {})
    await client.call('vault.unlock', { passphrase: PASSPHRASE })
    expect(await client.call('identity.get', {})).toEqual({ ...created.identity, profile: { displayName: 'Ada L.', bio: 'Counts things.' } })
    expect(updates).toHaveLength(2)
  })

  it('refuses a blank display name', async () => {
    const { client } = await onboarded()
    expect(await codeOf(client.call('identity.updateProfile', { displayName: '   ' }))).toBe('INVALID_INPUT')
  })

  it('answers VAULT_LOCKED while locked, and the same identity after unlocking', async () => {
    const { client, created } = await onboarded()
    await client.call('vault.lock', {})
    for (const call of [
      client.call('identity.get', {}),
      client.call('identity.getBackupChallenge', {}),
      client.call('identity.revealPhrase', { passphrase: PASSPHRASE }),
      client.call('identity.updateProfile', { bio: 'x' }),
    ]) {
      expect(await codeOf(call)).toBe('VAULT_LOCKED')
    }
    await client.call('vault.unlock', { passphrase: PASSPHRASE })
    expect(await client.call('identity.get', {})).toEqual(created.identity)
  })

  it('reopens the same identity from the same data dir in a new core', async () => {
    const dataDir = await tempDir()
    const first = await createTestCore({ dataDir })
    const created = await first.client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
    await first.cleanup()
    const second = await testCore(dataDir)
    expect(await codeOf(second.client.call('identity.get', {}))).toBe('VAULT_LOCKED')
    await second.client.call('vault.unlock', { passphrase: PASSPHRASE })
    expect(await second.client.call('identity.get', {})).toEqual(created.identity)
    expect(existsSync(join(dataDir, 'vault.db'))).toBe(true)
  })
})
