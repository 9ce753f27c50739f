import type { Clock } from './clock'
import type { EventBus } from './event-bus'
import type { AutoLock } from './vault/auto-lock'
import type { Vault } from './vault/vault'

/** What feature handlers receive from the composition root (constructor injection, no globals). */
export interface CoreServices {
  vault: Vault
  autoLock: AutoLock
  events: EventBus
  clock: Clock
}
