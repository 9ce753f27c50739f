import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { z } from 'zod'
import type { identitySummary } from '../../../shared/contract/identity'
import { RpcError } from '../../../shared/rpc/errors'
import type { AreaHandlers } from '../handler-types'
import type { CoreServices } from '../services'
import { afterUnlock } from '../vault/vault-handlers'
import { checkChallengeAnswers, chooseChallengePositions } from './backup-challenge'
import type { IdentityKeys } from './derivation'
import { deriveIdentityKeys, wipeIdentityKeys } from './derivation'
import type { IdentityRecord } from './identity-store'
import { insertIdentity, readIdentity, readProfile, setBackupChallenge, setBackupConfirmed, updateProfile } from './identity-store'
import { keysForRecord } from './key-cache'
import { checkPhrase, generatePhrase, parsePhrase } from './phrase'

type IdentitySummary = z.input<typeof identitySummary>

/**
 * Every `identity.*` method. Onboarding (create, restore) makes the vault
 * itself; see README.md "Onboarding and its failure modes" for the order of
 * steps and what happens when one fails.
 */
export function createIdentityHandlers(services: CoreServices): AreaHandlers<'identity'> {
  const { vault, events, clock } = services
  const keys = services.identityKeys
  /** create/restore in flight: a second one is refused, not interleaved (see onboard). */
  let onboarding = false

  function requireIdentity(db: Sqlite.Database): IdentityRecord {
    const record = readIdentity(db)
    if (!record) {
      throw new RpcError('IDENTITY_MISSING', 'This vault holds no identity yet. Create one, or restore one from its recovery phrase.')
    }
    return record
  }

  function keysFor(db: Sqlite.Database, record: IdentityRecord): IdentityKeys {
    return keysForRecord(keys, db, record)
  }

  function summary(db: Sqlite.Database): IdentitySummary {
    const record = requireIdentity(db)
    const profile = readProfile(db)
    if (!profile) throw new Error('identity without a profile row')
    const derived = keysFor(db, record)
    return {
      did: record.did,
      publicKey: bytesToHex(derived.signing.publicKey),
      sealingPublicKey: bytesToHex(derived.sealing.publicKey),
      profile: { displayName: profile.displayName, bio: profile.bio },
      createdAt: record.createdAt,
      backupConfirmedAt: record.backupConfirmedAt,
    }
  }

  /**
   * Make the vault and store the identity in it, or leave no vault at all.
   * `words` are already validated. Returns the backup-challenge positions.
   */
  async function onboard(words: string[], passphrase: string, displayName: string): Promise<{ identity: IdentitySummary; confirmPositions: number[] }> {
    if (onboarding) throw new RpcError('VAULT_BUSY', 'An identity is already being set up. Wait for it to finish.')
    onboarding = true
    try {
      // Derive first: it cannot fail on a validated phrase, and doing it
      // before the vault exists keeps the window where a vault exists without
      // an identity as short as possible.
      const derived = deriveIdentityKeys(words)
      const confirmPositions = chooseChallengePositions()
      let created = false
      try {
        if (await adoptableEmptyVault(passphrase)) {
          // Recovery from a crash between vault.create and the insert (README.md).
          storeIdentity(vault.db, words, derived, displayName, confirmPositions)
        } else {
          await vault.create(passphrase) // VAULT_EXISTS if there is one: not ours to touch.
          created = true
          storeIdentity(vault.db, words, derived, displayName, confirmPositions)
          afterUnlock(services)
        }
        return { identity: summary(vault.db), confirmPositions }
      } catch (error) {
        keys.clear()
        wipeIdentityKeys(derived)
        if (created) {
          try {
            discardCreatedVault()
          } catch {
            // The caller needs the first error, not this one; files left over
            // show up as VAULT_EXISTS on retry, the state before this fix-up.
          }
        }
        throw error
      }
    } finally {
      onboarding = false
    }
  }

  /**
   * An unlocked vault with no identity row can only come from an onboarding
   * that died after vault.create. Fill it in, provided the passphrase the
   * user just gave is that vault's: they prove they own it.
   */
  async function adoptableEmptyVault(passphrase: string): Promise<boolean> {
    if (!vault.isUnlocked || readIdentity(vault.db) !== null) return false
    if (!(await vault.verifyPassphrase(passphrase))) {
      throw new RpcError('WRONG_PASSPHRASE', 'A vault without an identity is already open here; enter its passphrase to set your identity up in it.')
    }
    return true
  }

  function storeIdentity(db: Sqlite.Database, words: string[], derived: IdentityKeys, displayName: string, confirmPositions: number[]): void {
    insertIdentity(db, { phrase: words, did: derived.did, displayName, backupChallenge: confirmPositions, now: clock.now() })
    keys.set(db, derived)
  }

  /**
   * Undo a vault.create whose onboarding failed afterwards: stop the idle
   * timer afterUnlock may have started, then delete the vault. Without this,
   * a vault with no identity would sit in the data dir and every retry would
   * fail with VAULT_EXISTS. afterUnlock emits vault.onUnlocked as its last
   * step, so a failure got here before any UI heard that the vault was open:
   * there is nothing to take back.
   */
  function discardCreatedVault(): void {
    services.autoLock.stop()
    vault.destroy()
  }

  return {
    'identity.create': async ({ passphrase, displayName }) => {
      const words = generatePhrase()
      const { identity, confirmPositions } = await onboard(words, passphrase, displayName)
      return { identity, phrase: words, confirmPositions }
    },

    'identity.restore': async ({ phrase, passphrase, displayName }) => {
      // Validate before anything touches the disk: a typo must not leave a vault behind.
      const words = parsePhrase(phrase)
      const { identity } = await onboard(words, passphrase, displayName)
      return identity
    },

    'identity.checkPhrase': ({ phrase }) => checkPhrase(phrase),

    'identity.get': () => summary(vault.db),

    'identity.confirmBackup': ({ words }) => {
      const db = vault.db
      const record = requireIdentity(db)
      checkChallengeAnswers(record.phrase, record.backupChallenge, words)
      setBackupConfirmed(db, clock.now())
      return summary(db)
    },

    'identity.getBackupChallenge': () => {
      const db = vault.db
      requireIdentity(db)
      const confirmPositions = chooseChallengePositions()
      setBackupChallenge(db, confirmPositions)
      return { confirmPositions }
    },

    'identity.revealPhrase': async ({ passphrase }) => {
      // Showing the phrase is showing everything: ask again even though the vault is open.
      if (!(await vault.verifyPassphrase(passphrase))) {
        throw new RpcError('WRONG_PASSPHRASE', 'That passphrase is not right, so the recovery phrase stays hidden.')
      }
      return { phrase: requireIdentity(vault.db).phrase }
    },

    'identity.updateProfile': ({ displayName, bio }) => {
      const db = vault.db
      requireIdentity(db)
      if (displayName !== undefined || bio !== undefined) {
        const profile = updateProfile(db, { displayName, bio }, clock.now())
        events.emit('identity.onProfileUpdated', { profile: { displayName: profile.displayName, bio: profile.bio } })
      }
      return summary(db)
    },
  }
}
