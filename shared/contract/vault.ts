import { z } from 'zod'
import { command, event, query } from './define'
import { passphrase } from '../domain/identity'

export const vaultState = z.enum([
  /** No vault in the data dir: first run, offer onboarding. */
  'none',
  'locked',
  'unlocked',
])

export const autoLockMinutes = z.number().int().min(0).max(24 * 60)

export const vaultStatus = z.object({
  state: vaultState,
  /** Idle minutes before the vault locks itself; 0 = never. Known only while unlocked. */
  autoLockMinutes: autoLockMinutes.nullable(),
})

/** Why the vault locked; `system` = the OS locked the screen or went to sleep (desktop). Values are only ever added. */
export const lockReason = z.enum(['manual', 'idle', 'passphrase-changed', 'shutdown', 'system'])

export const vaultMethods = {
  'vault.getStatus': query(z.object({}), vaultStatus, { public: true }),
  /** Unlock with the passphrase. Errors: VAULT_NOT_FOUND, WRONG_PASSPHRASE, VAULT_CORRUPT, VAULT_TRUNCATED, VAULT_TOO_NEW. */
  'vault.unlock': command(z.object({ passphrase: z.string().min(1).max(1024) }), vaultStatus, { public: true }),
  /** Lock now: closes the database and forgets the key. Idempotent. */
  'vault.lock': command(z.object({}), vaultStatus, { public: true }),
  /** Re-key the vault. The old passphrase stops working at once. Errors: WRONG_PASSPHRASE. */
  'vault.changePassphrase': command(z.object({ current: z.string().min(1).max(1024), next: passphrase }), z.object({})),
  'vault.setAutoLock': command(z.object({ minutes: autoLockMinutes }), vaultStatus),
  /**
   * The person is using the app (typing, clicking) even if nothing calls the
   * core: postpones the idle lock so nobody is locked out mid-sentence. The UI
   * sends it at most every 30 seconds while there is input.
   */
  'vault.reportActivity': command(z.object({}), z.object({})),
} as const

export const vaultEvents = {
  'vault.onLocked': event(z.object({ reason: lockReason })),
  'vault.onUnlocked': event(z.object({})),
} as const
