import BlindPeering from 'blind-peering'
import type Hypercore from 'hypercore'
import type { z } from 'zod'
import type { relayStatus } from '../../../shared/contract/relays'
import { relayContent } from '../../../shared/domain/group-ops'
import { isAdminRole } from '../../../shared/domain/groups'
import type { RelayResponse } from '../../../shared/domain/relay-protocol'
import { RELAY_LIMITS } from '../../../shared/domain/relay-protocol'
import type { CoreServices } from '../services'
import { openContent } from '../groups/epoch-crypto'
import { epochKey } from '../groups/group-queries'
import type { GroupService } from '../groups/group-service'
import type { GroupState } from '../groups/group-state'
import type { PeopleExtension } from '../people/extensions'
import type { PeopleService } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import { getSpaceRow } from '../people/session'
import { fromHex, hex } from '../spaces/certs'
import type { Space } from '../spaces/space'
import { RelayUnreachableError, relayRequest } from './relay-client'

export type RelayStatus = z.infer<typeof relayStatus>

/** The vault setting behind `relays.getSettings` / `relays.setSettings`. */
export const SHARE_DMS_SETTING = 'relays.shareDms'
/** How long a status answer is reused before the relay is asked again. */
const STATUS_TTL_MS = 5_000
const STATUS_TIMEOUT_MS = 5_000
/** A failed registration is tried again after this long (while the session is open). */
const REGISTER_RETRY_MS = 30_000
/** Until a relay admits this device (an admin's app has not registered it yet), ask again this often. */
const ADMISSION_RETRY_MS = 5_000
/** How often a device checks that the relays it uses still admit it (a relay may lose its registrations). */
const VERIFY_EVERY_MS = 5 * 60_000

/**
 * This device's own cores in a group besides its writer and files core:
 * shared folders' drives (FolderSession.ownDriveCores). Open sessions that
 * belong to the caller. The composition root (core.ts) supplies it, so
 * relays and folders do not import each other.
 */
export type OwnGroupCores = (session: PeopleSession, groupId: string) => Hypercore[]

const UNKNOWN: RelayStatus = { reachable: false, admitted: false, inSync: null, heldBlocks: 0, localBlocks: 0, cores: 0, full: false, checkedAt: null, problem: null }

/**
 * Relays on a member's device (issue 6): for every group I am a member of,
 * ask each of its relays (with blind-peering, over this session's DHT node and
 * corestore) to keep the group's Autobase cores, my files core in that group
 * and my own shared folder drives there; if I am an owner or admin, register
 * the group's member devices with each relay (again whenever membership
 * changes); optionally do the same for my DMs with fellow members. The
 * relay only ever gets core keys, never the group's encryption key, epoch
 * keys or folder keys.
 */
export class RelayService implements PeopleExtension {
  readonly #services: CoreServices
  readonly #groups: GroupService
  readonly #log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void
  readonly #sessions = new WeakMap<PeopleSession, RelaySession>()
  /** My shared folder drives in a group (set at the composition root; none without folders). */
  ownGroupCores: OwnGroupCores = () => []

  constructor(services: CoreServices, people: PeopleService, groups: GroupService, log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void) {
    this.#services = services
    this.#groups = groups
    this.#log = log
    people.extend(this)
  }

  sessionStarted(session: PeopleSession): void {
    const relays = new RelaySession(session, this.#services, this.#groups, this.#log, (groupId) => this.ownGroupCores(session, groupId))
    this.#sessions.set(session, relays)
    session.onClose(() => relays.close())
    this.#guard(() => relays.syncAll())
  }

  spaceProjected(session: PeopleSession, space: Space): void {
    const relays = this.#sessions.get(session)
    if (!relays) return
    // A group's relays or members changed: that may touch other spaces (a removed relay, DMs with its members).
    this.#guard(() => (space.kind === 'group' && relays.groupChanged(space) ? relays.syncAll() : relays.syncSpace(space)))
  }

  spaceWritable(session: PeopleSession, space: Space): void {
    const relays = this.#sessions.get(session)
    if (relays) this.#guard(() => relays.syncSpace(space))
  }

  /** Relays are a background duty: a failure (say, the vault locking mid-pass) is logged, never thrown into the projection. */
  #guard(task: () => void): void {
    try {
      task()
    } catch (error) {
      this.#log('warn', 'relay duty failed', error instanceof Error ? error.message : error)
    }
  }

  of(session: PeopleSession): RelaySession | undefined {
    return this.#sessions.get(session)
  }

  /** My own cores in a group changed (a shared folder's engine opened later than the relays were asked): ask for them too. */
  ownGroupCoresChanged(session: PeopleSession, groupId: string): void {
    const relays = this.#sessions.get(session)
    const space = session.spaces.get(groupId)
    if (relays && space) this.#guard(() => relays.syncSpace(space))
  }

  /** The share-DMs setting changed: ask again (or stop asking, from a fresh client). */
  settingsChanged(session: PeopleSession): void {
    this.#sessions.get(session)?.rebuild()
  }
}

/** The relays of a group as the rules' state holds them. */
export function relaysOf(state: GroupState): Array<{ relayKey: string; author: string; op: string }> {
  return [...state.relays].map(([relayKey, { author, op }]) => ({ relayKey, author, op })).sort((a, b) => a.relayKey.localeCompare(b.relayKey))
}

export class RelaySession {
  readonly #session: PeopleSession
  readonly #services: CoreServices
  readonly #groups: GroupService
  readonly #log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void
  #peering: BlindPeering | null = null
  /** `${relay}:${space}` → asked to keep that space's base, my files core, and which of my other own cores (by session: blind-peering forgets a closed one). */
  readonly #asked = new Map<string, { files: boolean; cores: WeakSet<Hypercore> }>()
  /** `${relay}:${group}` → the member list last registered. */
  readonly #registered = new Map<string, string>()
  readonly #registering = new Set<string>()
  readonly #resealing = new Set<string>()
  /** `${relay}:${space}` the relay admits this device for. */
  readonly #admitted = new Set<string>()
  readonly #checking = new Set<string>()
  readonly #retries = new Set<NodeJS.Timeout>()
  readonly #status = new Map<string, { status: RelayStatus; at: number; pending?: Promise<RelayStatus> }>()
  readonly #filesCores = new Map<string, Hypercore>()
  readonly #groupSignatures = new Map<string, string>()
  readonly #ownCores: (groupId: string) => Hypercore[]
  #verifier: NodeJS.Timeout
  /** A relay forgot this device (its registrations were lost or changed): start a fresh client once it admits it again. */
  #rebuildOnAdmission = false
  #closed = false

  constructor(
    session: PeopleSession,
    services: CoreServices,
    groups: GroupService,
    log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void,
    ownCores: (groupId: string) => Hypercore[] = () => [],
  ) {
    this.#session = session
    this.#services = services
    this.#groups = groups
    this.#log = log
    this.#ownCores = ownCores
    this.#verifier = setInterval(() => this.#verifyAll(), VERIFY_EVERY_MS)
    this.#verifier.unref()
  }

  get #dht() {
    return this.#session.network.swarm?.dht ?? null
  }

  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#verifier)
    for (const timer of this.#retries) clearTimeout(timer)
    this.#retries.clear()
    await this.#peering?.close().catch(() => undefined)
    this.#peering = null
    for (const core of this.#filesCores.values()) await core.close().catch(() => undefined)
    this.#filesCores.clear()
  }

  /** Did this group's relays or members change since the last pass? */
  groupChanged(space: Space): boolean {
    const state = this.#groups.stateOf(space)
    const signature = `${[...state.relays.keys()].join(',')}|${[...state.members.values()].map((member) => `${member.identity}:${member.role}:${member.device}`).join(',')}`
    if (this.#groupSignatures.get(space.key) === signature) return false
    this.#groupSignatures.set(space.key, signature)
    return true
  }

  /** Forget what was asked and ask again from a fresh client (a relay was removed, or the DM setting changed). */
  rebuild(): void {
    if (this.#closed) return
    const old = this.#peering
    this.#peering = null
    this.#asked.clear()
    void old?.close().catch(() => undefined)
    this.syncAll()
  }

  syncAll(): void {
    if (this.#closed) return
    // A relay that is no longer wanted anywhere: blind-peering cannot forget
    // a base, so start again with a fresh client.
    const wanted = new Set<string>()
    for (const space of this.#session.spaces.values()) for (const relay of this.#wantedRelays(space)) wanted.add(`${relay}:${space.key}`)
    if ([...this.#asked.keys()].some((key) => !wanted.has(key))) {
      this.rebuild()
      return
    }
    for (const space of this.#session.spaces.values()) this.syncSpace(space)
  }

  /** Ask this space's relays to keep it, and register it if I am an admin. */
  syncSpace(space: Space): void {
    if (this.#closed || space.closing) return
    const relays = this.#wantedRelays(space)
    if (relays.length === 0) return
    const dht = this.#dht
    if (!dht) return
    this.#peering ??= new BlindPeering(dht, this.#session.network.store, { pick: 1 })
    const peering = this.#peering
    for (const relay of relays) {
      const key = `${relay}:${space.key}`
      if (space.kind === 'group') this.#register(space, relay)
      // blind-peering sends a base's cores once per connection: ask only
      // once the relay admits this device, or the request is refused and
      // not repeated until the next reconnect.
      if (!this.#admitted.has(key)) {
        this.#checkAdmission(space, relay)
        continue
      }
      let asked = this.#asked.get(key)
      if (!asked) {
        this.#asked.set(key, (asked = { files: false, cores: new WeakSet() }))
        peering.addAutobaseBackground(space.base, { keys: [fromHex(relay)], pick: 1 })
      }
      if (!asked.files) this.#askFiles(peering, space, relay, asked).catch((error: unknown) => this.#closed || this.#log('warn', 'could not ask a relay for a files core', error instanceof Error ? error.message : error))
      if (space.kind === 'group') this.#askOwnCores(peering, space, relay, asked)
    }
  }

  /**
   * My shared folder drives in the group (their db and blobs cores), each
   * open session once per client: blind-peering sends them again on every
   * reconnect while they stay open, and drops one when it closes (an engine
   * that reopens brings new sessions, asked for again). Asked even while
   * empty: the relay then follows the core from its first block.
   */
  #askOwnCores(peering: BlindPeering, space: Space, relay: string, asked: { cores: WeakSet<Hypercore> }): void {
    for (const core of this.#ownCores(space.key)) {
      if (asked.cores.has(core) || core.closed) continue
      asked.cores.add(core)
      peering.addCoreBackground(core, { keys: [fromHex(relay)], pick: 1, referrer: space.base.key })
    }
  }

  /** Does the relay list this device for the space's group (or, for a DM, for any group)? Asked again every few seconds until it does. */
  #checkAdmission(space: Space, relay: string): void {
    const key = `${relay}:${space.key}`
    const dht = this.#dht
    if (!dht || this.#checking.has(key) || this.#closed) return
    const group = space.kind === 'group' ? space : this.#sharedGroup(space, relay)
    if (!group) return
    this.#checking.add(key)
    void relayRequest(dht, fromHex(relay), this.#session.device.keyPair, { t: 'status', group: hex(group.discoveryKey), cores: [] }, STATUS_TIMEOUT_MS)
      .then(
        (answer) => answer.ok,
        () => false,
      )
      .then((admitted) => {
        this.#checking.delete(key)
        if (this.#closed) return
        if (admitted) {
          this.#admitted.add(key)
          if (this.#rebuildOnAdmission) {
            this.#rebuildOnAdmission = false
            this.#guarded(() => this.rebuild())
          } else this.#resync(space)
          return
        }
        this.#later(ADMISSION_RETRY_MS, () => {
          if (this.#session.spaces.get(space.key) === space) this.#resync(space)
        })
      })
  }

  /** A group both DM members are in that uses this relay (its registration admits us both). */
  #sharedGroup(dm: Space, relay: string): Space | null {
    const peer = getSpaceRow(this.#session.db, dm.key)?.peer_id
    for (const other of this.#session.spaces.values()) {
      if (other.kind !== 'group') continue
      const state = this.#groups.stateOf(other)
      if (state.relays.has(relay) && state.members.has(this.#session.me) && peer && state.members.has(peer)) return other
    }
    return null
  }

  /** The relay no longer lists this device for the space: register again (admins) and ask for admission again. */
  #forgotten(space: Space, relay: string): void {
    const key = `${relay}:${space.key}`
    if (!this.#admitted.delete(key)) return
    this.#registered.delete(key)
    this.#rebuildOnAdmission = true
    this.#resync(space)
  }

  /** Every few minutes: does each relay still admit this device for each space it keeps? */
  #verifyAll(): void {
    const dht = this.#dht
    if (this.#closed || !dht) return
    for (const key of [...this.#admitted]) {
      const [relay, spaceKey] = key.split(':') as [string, string]
      const space = this.#session.spaces.get(spaceKey)
      const group = space && (space.kind === 'group' ? space : this.#guarded(() => this.#sharedGroup(space, relay)))
      if (!space || !group) continue
      void relayRequest(dht, fromHex(relay), this.#session.device.keyPair, { t: 'status', group: hex(group.discoveryKey), cores: [] }, STATUS_TIMEOUT_MS).then(
        (answer) => {
          if (!answer.ok && answer.code === 'not-member') this.#forgotten(space, relay)
        },
        () => undefined,
      )
    }
  }

  #guarded<T>(task: () => T): T | null {
    try {
      return task()
    } catch (error) {
      if (!this.#closed) this.#log('warn', 'relay duty failed', error instanceof Error ? error.message : error)
      return null
    }
  }

  /**
   * syncSpace from a callback (an answer, a timer): the vault may have
   * locked meanwhile (its database closes before the session does), so a
   * failure is logged, never left unhandled.
   */
  #resync(space: Space): void {
    if (this.#closed) return
    try {
      this.syncSpace(space)
    } catch (error) {
      if (!this.#closed) this.#log('warn', 'relay duty failed', error instanceof Error ? error.message : error)
    }
  }

  #later(ms: number, task: () => void): void {
    if (this.#closed) return
    const timer = setTimeout(() => {
      this.#retries.delete(timer)
      if (!this.#closed) task()
    }, ms)
    timer.unref()
    this.#retries.add(timer)
  }

  /** My files core in this space (attachments), once it has something in it. */
  async #askFiles(peering: BlindPeering, space: Space, relay: string, asked: { files: boolean }): Promise<void> {
    const row = getSpaceRow(this.#session.db, space.key)
    if (!row) return
    let core = this.#filesCores.get(space.key)
    if (!core) {
      core = this.#session.network.store.namespace(row.namespace).get({ name: 'files', encryptionKey: fromHex(row.encryption_key) })
      this.#filesCores.set(space.key, core)
    }
    await core.ready()
    if (core.length === 0 || asked.files || this.#closed || peering !== this.#peering) return
    asked.files = true
    peering.addCoreBackground(core, { keys: [fromHex(relay)], pick: 1, referrer: space.base.key })
  }

  /** Relays this device should ask to keep a space: a group's own (while I am a member); a DM's, when allowed, those of groups we share. */
  #wantedRelays(space: Space): string[] {
    const me = this.#session.me
    if (space.kind === 'group') {
      const state = this.#groups.stateOf(space)
      return state.members.has(me) ? [...state.relays.keys()] : []
    }
    if (!this.#services.vault.getSetting(SHARE_DMS_SETTING, false)) return []
    const peer = getSpaceRow(this.#session.db, space.key)?.peer_id
    if (!peer) return []
    const relays = new Set<string>()
    for (const other of this.#session.spaces.values()) {
      if (other.kind !== 'group') continue
      const state = this.#groups.stateOf(other)
      if (state.members.has(me) && state.members.has(peer)) for (const relay of state.relays.keys()) relays.add(relay)
    }
    return [...relays]
  }

  /** An admin's duty: tell the relay who the group's member devices are, whenever that changes. */
  #register(space: Space, relay: string): void {
    const state = this.#groups.stateOf(space)
    const mine = state.members.get(this.#session.me)
    if (!mine || !isAdminRole(mine.role)) return
    // The rules' state knows every current member's device and role: no query per projection pass.
    const members = [...state.members.values()]
    if (members.length === 0) return
    const devices = [...new Set(members.map((member) => member.device))].sort()
    const admins = [...new Set(members.filter((member) => isAdminRole(member.role)).map((member) => member.device))].sort()
    if (!admins.includes(hex(this.#session.device.keyPair.publicKey))) return
    this.#resealIfNeeded(space, relay)
    const signature = `${devices.join(',')}|${admins.join(',')}`
    const key = `${relay}:${space.key}`
    if (this.#registered.get(key) === signature || this.#registering.has(key)) return
    const secret = this.#secretOf(space, relay)
    if (!secret) return
    const dht = this.#dht
    if (!dht) return
    this.#registering.add(key)
    void relayRequest(dht, fromHex(relay), this.#session.device.keyPair, { t: 'register', secret, group: hex(space.discoveryKey), members: devices, admins })
      .then(
        (answer) => {
          if (answer.ok) {
            this.#registered.set(key, signature)
            this.#status.delete(key)
            this.#resync(space)
            this.#services.events.emit('relays.onRelaysChanged', { groupId: space.key })
            return
          }
          this.#log('warn', `relay ${relay.slice(0, 8)} refused group ${space.key.slice(0, 8)}: ${answer.code} (${answer.message})`)
          this.#retry(space)
        },
        (error: unknown) => {
          this.#log('warn', `could not register group ${space.key.slice(0, 8)} with relay ${relay.slice(0, 8)}`, error instanceof Error ? error.message : error)
          this.#retry(space)
        },
      )
      .finally(() => this.#registering.delete(key))
  }

  /**
   * The secret is sealed with the epoch of its relay.add. An admin who
   * joined in a later epoch cannot open it (nor register the group): when
   * one of the current admins lacks that epoch's key, an admin who has it
   * adds the relay again, sealed with the current epoch (the rules accept a
   * re-add with a newer epoch).
   */
  #resealIfNeeded(space: Space, relay: string): void {
    const state = this.#groups.stateOf(space)
    const added = state.relays.get(relay)
    if (!added || added.box.e >= state.epoch || !space.writable) return
    const lacking = [...state.members.values()].some((member) => isAdminRole(member.role) && !state.holdsKey(added.box.e, member.identity) && state.holdsKey(state.epoch, member.identity))
    if (!lacking) return
    const key = `${relay}:${space.key}`
    if (this.#resealing.has(key)) return
    const secret = this.#secretOf(space, relay)
    if (!secret) return
    this.#resealing.add(key)
    this.#groups
      .appendSealed(this.#session, space, 'relay.add', { relay }, { secret })
      .catch((error: unknown) => this.#closed || this.#log('warn', `could not reseal relay ${relay.slice(0, 8)} for group ${space.key.slice(0, 8)}`, error instanceof Error ? error.message : error))
      .finally(() => this.#resealing.delete(key))
  }

  #retry(space: Space): void {
    this.#later(REGISTER_RETRY_MS, () => {
      if (this.#session.spaces.get(space.key) === space) this.#resync(space)
    })
  }

  /** The access secret from the relay.add box, opened with the epoch key it was sealed for (null when this device lacks that key). */
  #secretOf(space: Space, relay: string): string | null {
    const added = this.#groups.stateOf(space).relays.get(relay)
    if (!added) return null
    const key = epochKey(this.#session.db, space.key, added.box.e)
    if (!key) return null
    const parsed = relayContent.safeParse(openContent(added.box, key, { space: space.key, opId: added.op, type: 'relay.add' }))
    if (!parsed.success) {
      this.#log('warn', `the relay.add for ${relay.slice(0, 8)} in group ${space.key.slice(0, 8)} does not open to a relay secret`)
      return null
    }
    return parsed.data.secret
  }

  /**
   * Ask the relay how much of the group's writer cores it holds, against
   * what this device has of them. Cached for a few seconds.
   */
  async status(space: Space, relay: string): Promise<RelayStatus> {
    const key = `${relay}:${space.key}`
    const cached = this.#status.get(key)
    const now = this.#services.clock.now()
    if (cached?.pending) return cached.pending
    if (cached && now - cached.at < STATUS_TTL_MS) return cached.status
    const pending = this.#checkStatus(space, relay).then(
      (status) => {
        this.#status.set(key, { status, at: this.#services.clock.now() })
        return status
      },
      (error: unknown) => {
        this.#status.delete(key)
        throw error
      },
    )
    this.#status.set(key, { status: cached?.status ?? UNKNOWN, at: cached?.at ?? 0, pending })
    return pending
  }

  async #checkStatus(space: Space, relay: string): Promise<RelayStatus> {
    const dht = this.#dht
    const now = this.#services.clock.now()
    if (!dht) return { ...UNKNOWN, problem: 'This device is offline (no peer-to-peer network).' }
    const cores = await this.#localLengths(space)
    let answer: RelayResponse
    const held: Array<{ contiguous: number } | undefined> = []
    try {
      // One request names at most RELAY_LIMITS.statusCores cores: a big group with many folders takes several.
      let start = 0
      do {
        const part = cores.slice(start, start + RELAY_LIMITS.statusCores)
        answer = await relayRequest(dht, fromHex(relay), this.#session.device.keyPair, { t: 'status', group: hex(space.discoveryKey), cores: part.map((core) => core.key) }, STATUS_TIMEOUT_MS)
        const answered = answer.ok ? (answer.cores ?? []) : []
        part.forEach((_, index) => held.push(answered[index]))
        start += RELAY_LIMITS.statusCores
      } while (answer.ok && start < cores.length)
    } catch (error) {
      const problem = error instanceof RelayUnreachableError ? 'The relay did not answer: it may be offline or unreachable from here.' : 'The relay could not be asked.'
      return { ...UNKNOWN, checkedAt: now, problem }
    }
    if (!answer.ok) {
      if (answer.code === 'not-member') this.#forgotten(space, relay)
      const problem =
        answer.code === 'not-member'
          ? 'The relay does not list this device for the group yet: an admin\u2019s app registers the members when it is online.'
          : `The relay refused: ${answer.message}`
      return { ...UNKNOWN, reachable: true, checkedAt: now, problem }
    }
    let heldBlocks = 0
    let localBlocks = 0
    let inSync = true
    cores.forEach((core, index) => {
      const relayHas = held[index]?.contiguous ?? 0
      localBlocks += core.length
      heldBlocks += Math.min(relayHas, core.length)
      if (relayHas < core.length) inSync = false
    })
    const key = `${relay}:${space.key}`
    if (!this.#admitted.has(key)) {
      this.#admitted.add(key)
      this.#resync(space)
    }
    return { reachable: true, admitted: true, inSync, heldBlocks, localBlocks, cores: cores.length, full: answer.bytes >= answer.quota, checkedAt: now, problem: null }
  }

  /**
   * The group's writer cores (every current member's), my files core and my
   * shared folder drives' cores, with what this device holds of each: "in
   * sync" means the relay holds all of it.
   */
  async #localLengths(space: Space): Promise<Array<{ key: string; length: number }>> {
    const state = this.#groups.stateOf(space)
    const keys = new Set<string>()
    for (const member of state.members.values()) for (const writer of member.writers) keys.add(writer)
    const out: Array<{ key: string; length: number }> = []
    for (const key of keys) {
      const core = this.#session.network.store.get({ key: fromHex(key) })
      try {
        await core.ready()
        out.push({ key, length: core.contiguousLength })
      } finally {
        await core.close().catch(() => undefined)
      }
    }
    const files = this.#filesCores.get(space.key)
    if (files && files.length > 0) out.push({ key: hex(files.key), length: files.length })
    if (space.kind === 'group') for (const core of this.#ownCores(space.key)) if (!core.closed) out.push({ key: hex(core.key), length: core.contiguousLength })
    return out
  }
}
