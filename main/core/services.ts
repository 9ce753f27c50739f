import type { Clock } from './clock'
import type { EventBus } from './event-bus'
import type { IdentityKeyCache } from './identity/key-cache'
import type { AutoLock } from './vault/auto-lock'
import type { Vault } from './vault/vault'

/** What feature handlers receive from the composition root (constructor injection, no globals). */
export interface CoreServices {
  vault: Vault
  autoLock: AutoLock
  events: EventBus
  clock: Clock
  /** The identity's keys while the vault is unlocked (wiped on lock). */
  identityKeys: IdentityKeyCache
}
