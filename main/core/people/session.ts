import { join } from 'node:path'
import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { SpaceOp } from '../../../shared/domain/ops'
import type { DistributiveOmit } from './types'
import { randomBytes } from 'node:crypto'
import { ChatProjection } from '../chats/chat-projection'
import type { ProjectedEntry } from '../chats/chat-projection'
import type { DeviceKeys } from '../device/device-keys'
import { loadOrCreateDeviceKeys } from '../device/device-keys'
import type { IdentityKeys } from '../identity/derivation'
import { currentIdentityKeys } from '../identity/key-cache'
import type { NetworkConfig } from '../net/bootstrap'
import { Network } from '../net/network'
import { Resource } from '../resource'
import type { CoreServices } from '../services'
import { fromHex, hex } from '../spaces/certs'
import { Space } from '../spaces/space'
import type { AnyEntry, SpaceKind, SpaceProjection } from '../spaces/space'
import type { RulesState, SpaceRules } from '../spaces/space-rules'
import type { PeopleExtension } from './extensions'
import { dmRules } from '../spaces/space-rules'
import { SpaceState } from '../spaces/space-state'
import type { PeopleEffects } from './effects'

export interface SpaceRow {
  key: string
  kind: SpaceKind
  namespace: string
  encryption_key: string
  peer_id: string | null
  created_at: number
  read_seq: number
}

/** One row of `spaces`, or undefined. */
export function getSpaceRow(db: Sqlite.Database, key: string): SpaceRow | undefined {
  return db.prepare('SELECT * FROM spaces WHERE key = ?').get(key) as SpaceRow | undefined
}

export interface SessionOptions {
  services: CoreServices
  dataDir: string
  network: NetworkConfig
  effects: PeopleEffects
  extensions: readonly PeopleExtension[]
  log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void
}

/**
 * Everything people-related that runs while the vault is unlocked: this
 * device's keys, the network, and every open space. Made on unlock, closed
 * on lock (the keys it holds are wiped then), so nothing is received or sent
 * while the vault is locked.
 */
export class PeopleSession extends Resource {
  readonly options: SessionOptions
  identity!: IdentityKeys
  device!: DeviceKeys
  network!: Network
  readonly spaces = new Map<string, Space>()
  readonly projection: ChatProjection
  readonly #kindProjections = new Map<SpaceKind, SpaceProjection<AnyEntry>>()
  /** Devices the firewall admits: certified devices of contacts who are not blocked. */
  readonly allowedDevices = new Map<string, string>()
  readonly onlineContacts = new Set<string>()
  rejectedOps = 0
  readonly #opening = new Map<string, Promise<Space>>()
  readonly #closeHooks: Array<() => Promise<void>> = []

  constructor(options: SessionOptions) {
    super()
    this.options = options
    this.projection = new ChatProjection(
      () => this.db,
      (entries: ProjectedEntry[]) => options.effects.afterProjected(this, entries),
    )
  }

  get db(): Sqlite.Database {
    return this.options.services.vault.db
  }

  get me(): string {
    return hex(this.identity.signing.publicKey)
  }

  protected async _open(): Promise<void> {
    try {
      await this.#openParts()
    } catch (error) {
      // A failed open (e.g. the vault locked half way) must not leave the
      // corestore's files locked for the next session.
      await this._close().catch(() => undefined)
      throw error
    }
  }

  async #openParts(): Promise<void> {
    const { services } = this.options
    const identity = currentIdentityKeys(services.identityKeys, this.db)
    if (!identity) throw new Error('no identity in this vault yet')
    this.identity = identity
    this.device = loadOrCreateDeviceKeys(this.db, identity, services.clock.now())
    this.reloadAllowedDevices()
    this.network = new Network({
      config: this.options.network,
      storeDir: join(this.options.dataDir, 'cores'),
      primaryKey: this.device.primaryKey,
      deviceKeyPair: this.device.keyPair,
      isAllowedDevice: (device) => this.allowedDevices.has(device),
      onPresence: (device, online) => this.#onPresence(device, online),
      onStatusChanged: () => this.options.effects.networkChanged(this),
      log: (message, data) => this.options.log('warn', message, data),
    })
    await this.network.ready()
    const rows = this.db.prepare('SELECT * FROM spaces ORDER BY created_at').all() as SpaceRow[]
    for (const row of rows) {
      try {
        await this.openSpace(row)
      } catch (error) {
        this.options.log('error', `could not open space ${row.key}`, error)
      }
    }
    // Memberships are known now that the spaces are projected.
    this.reloadAllowedDevices()
    for (const extension of this.options.extensions) extension.sessionStarted?.(this)
  }

  /** Close this with the session, before the spaces and the network (e.g. invite pairing). */
  onClose(hook: () => Promise<void>): void {
    this.#closeHooks.push(hook)
  }

  protected async _close(): Promise<void> {
    for (const hook of this.#closeHooks.reverse()) await hook().catch(() => undefined)
    const spaces = [...this.spaces.values()].reverse()
    this.spaces.clear()
    for (const space of spaces) await space.close().catch(() => undefined)
    await this.network?.close()
  }

  reloadAllowedDevices(): void {
    this.allowedDevices.clear()
    const rows = this.db
      .prepare("SELECT d.device_key, d.contact_id FROM contact_devices d JOIN contacts c ON c.id = d.contact_id WHERE c.status != 'blocked'")
      .all() as Array<{ device_key: string; contact_id: string }>
    const blocked = new Set(
      (this.db.prepare("SELECT id FROM contacts WHERE status = 'blocked'").all() as Array<{ id: string }>).map((row) => row.id),
    )
    for (const extension of this.options.extensions) {
      for (const [device, identity] of extension.allowedDevices?.(this) ?? []) {
        if (!blocked.has(identity) && identity !== this.me && !this.allowedDevices.has(device)) this.allowedDevices.set(device, identity)
      }
    }
    for (const row of rows) this.allowedDevices.set(row.device_key, row.contact_id)
  }

  /** Open (or create, with `row.key` = null) a space and start finding its members. */
  async openSpace(row: Pick<SpaceRow, 'namespace' | 'encryption_key'> & { key: string | null; kind?: SpaceKind }): Promise<Space> {
    if (row.key !== null) {
      const open = this.spaces.get(row.key)
      if (open) return open
      const pending = this.#opening.get(row.key)
      if (pending) return pending
    }
    const kind = row.kind ?? 'dm'
    const { rules, projection } = this.#kindOf(kind)
    const opening = (async () => {
      const space = new Space({
        store: this.network.store.namespace(row.namespace),
        key: row.key === null ? null : fromHex(row.key),
        encryptionKey: fromHex(row.encryption_key),
        kind,
        rules,
        projection,
        onRejected: (reason) => {
          this.rejectedOps++
          this.options.log('warn', `rejected an op from a peer: ${reason}`)
          this.options.effects.networkChanged(this)
        },
        onProjected: (key) => this.options.effects.spaceProjected(this, key),
        log: (message, data) => this.options.log('warn', message, data),
      })
      await space.ready()
      this.spaces.set(space.key, space)
      this.network.join(space.discoveryKey)
      space.base.on('writable', () => this.options.effects.spaceWritable(this, space))
      if (space.writable) this.options.effects.spaceWritable(this, space)
      return space
    })()
    if (row.key !== null) this.#opening.set(row.key, opening)
    try {
      return await opening
    } finally {
      if (row.key !== null) this.#opening.delete(row.key)
    }
  }

  #kindOf(kind: SpaceKind): { rules: SpaceRules<AnyEntry, RulesState<AnyEntry>>; projection: SpaceProjection<AnyEntry> } {
    if (kind === 'dm') {
      return { rules: dmRules(() => new SpaceState()) as unknown as SpaceRules<AnyEntry, RulesState<AnyEntry>>, projection: this.projection as unknown as SpaceProjection<AnyEntry> }
    }
    const module = this.options.extensions.find((extension) => extension.spaceKind?.kind === kind)?.spaceKind
    if (!module) throw new Error(`no feature registered spaces of kind ${kind}`)
    let projection = this.#kindProjections.get(kind)
    if (!projection) this.#kindProjections.set(kind, (projection = module.createProjection(this)))
    return { rules: module.rules, projection }
  }

  async closeSpace(key: string): Promise<void> {
    const space = this.spaces.get(key)
    if (!space) return
    this.spaces.delete(key)
    await this.network.leave(space.discoveryKey).catch(() => undefined)
    await space.close()
  }

  /** Sign and append an op of mine; fills in id, time and space. Returns the op. */
  async appendOp(space: Space, fields: DistributiveOmit<SpaceOp, 'id' | 'at' | 'sp'>): Promise<SpaceOp> {
    const op = { ...fields, ...this.opBase(space) } as SpaceOp
    await space.append(op, this.identity.signing)
    return op
  }

  /** The fields every op carries: a fresh id, my clock, the space. */
  opBase(space: Space): { id: string; at: number; sp: string } {
    return { id: randomBytes(16).toString('hex'), at: this.options.services.clock.now(), sp: space.key }
  }

  isContactOnline(contactId: string): boolean {
    return this.onlineContacts.has(contactId)
  }

  #onPresence(device: string, online: boolean): void {
    const contactId = this.allowedDevices.get(device)
    if (!contactId) return
    const wasOnline = this.onlineContacts.has(contactId)
    if (online) this.onlineContacts.add(contactId)
    else {
      // Online while any of their devices is connected.
      const another = [...this.allowedDevices].some(([key, id]) => id === contactId && key !== device && this.network.isConnected(key))
      if (!another) this.onlineContacts.delete(contactId)
    }
    const isOnline = this.onlineContacts.has(contactId)
    if (isOnline !== wasOnline) this.options.effects.presenceChanged(this, contactId, isOnline)
  }
}
