import type { z } from 'zod'
import type { lockReason, vaultStatus } from '../../../shared/contract/vault'
import { autoLockMinutes } from '../../../shared/contract/vault'
import type { AreaHandlers } from '../handler-types'
import type { CoreServices } from '../services'

/** The vault setting that holds the idle minutes; 0 = never. */
export const AUTO_LOCK_SETTING = 'autoLockMinutes'
export const DEFAULT_AUTO_LOCK_MINUTES = 15

type VaultStatus = z.input<typeof vaultStatus>
type LockReason = z.infer<typeof lockReason>

export function createVaultHandlers(services: CoreServices): AreaHandlers<'vault'> {
  const { vault, autoLock } = services
  return {
    'vault.getStatus': () => status(services),

    'vault.unlock': async ({ passphrase }) => {
      const wasUnlocked = vault.isUnlocked
      // Unlocking an unlocked vault only checks the passphrase (WRONG_PASSPHRASE
      // if it is not right) and announces nothing: the state did not change.
      await vault.unlock(passphrase)
      if (!wasUnlocked) afterUnlock(services)
      return status(services)
    },

    'vault.lock': () => {
      lockVault(services, 'manual')
      return status(services)
    },

    // The whole effect is the activity itself: the router's beforeCall (core.ts)
    // postpones the idle lock for every call that reaches a handler, this one included.
    'vault.reportActivity': () => ({}),

    'vault.changePassphrase': async ({ current, next }) => {
      await vault.changePassphrase(current, next)
      return {}
    },

    'vault.setAutoLock': ({ minutes }) => {
      vault.setSetting(AUTO_LOCK_SETTING, minutes)
      autoLock.setMinutes(minutes)
      return status(services)
    },
  }
}

/**
 * Lock the vault and tell every UI why, whoever asks: the user, the idle
 * timer, the operating system (screen locked, going to sleep) or shutdown.
 * Idempotent: locking a locked vault announces nothing.
 */
export function lockVault(services: CoreServices, reason: LockReason): void {
  services.autoLock.stop()
  if (!services.vault.isUnlocked) return
  services.vault.lock()
  services.events.emit('vault.onLocked', { reason })
}

/**
 * What follows every transition to unlocked, whoever caused it: vault.unlock
 * here, identity.create / identity.restore (which create the vault). Starts
 * the idle timer with the stored minutes and tells every UI.
 */
export function afterUnlock(services: CoreServices): void {
  services.autoLock.start(storedAutoLockMinutes(services))
  services.events.emit('vault.onUnlocked', {})
}

function storedAutoLockMinutes(services: CoreServices): number {
  // A value outside the contract's range (hand-edited, or from an older
  // schema) falls back to the default rather than disabling the lock.
  const parsed = autoLockMinutes.safeParse(services.vault.getSetting<unknown>(AUTO_LOCK_SETTING, DEFAULT_AUTO_LOCK_MINUTES))
  return parsed.success ? parsed.data : DEFAULT_AUTO_LOCK_MINUTES
}

function status(services: CoreServices): VaultStatus {
  const { vault } = services
  if (!vault.isUnlocked) return { state: vault.exists ? 'locked' : 'none', autoLockMinutes: null }
  return { state: 'unlocked', autoLockMinutes: storedAutoLockMinutes(services) }
}
