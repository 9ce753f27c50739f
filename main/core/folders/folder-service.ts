import { createHmac } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { FolderContent, GroupOp } from '../../../shared/domain/group-ops'
import { folderContent } from '../../../shared/domain/group-ops'
import { isAdminRole } from '../../../shared/domain/groups'
import { openContent } from '../groups/epoch-crypto'
import type { Membership } from '../groups/group-queries'
import { epochKey, memberships } from '../groups/group-queries'
import type { GroupService } from '../groups/group-service'
import { FORMER_MEMBER_GRACE_MS } from '../groups/group-service'
import type { GroupState } from '../groups/group-state'
import type { PeopleExtension } from '../people/extensions'
import type { PeopleService } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import { fromHex } from '../spaces/certs'
import type { Space } from '../spaces/space'
import type { FolderEngineOptions } from './folder-engine'
import { FolderEngine } from './folder-engine'

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void

/** This device's binding of a folder: a local vault setting, never shared. */
export const folderBinding = z.object({
  dir: z.string().nullable(),
  paused: z.boolean(),
  selected: z.array(z.string()).nullable(),
})
export type FolderBinding = z.infer<typeof folderBinding>
const UNBOUND: FolderBinding = { dir: null, paused: false, selected: null }

export function bindingSetting(groupId: string, folderId: string): string {
  return `folders.binding.${groupId}.${folderId}`
}

/**
 * The key the folder's drives are encrypted with, derived from the random
 * folder key sealed in its folder.create (HMAC-SHA256, bound to the group
 * and the folder, so the raw folder key is never used directly).
 */
export function folderEncryptionKey(folderKey: Uint8Array, groupId: string, folderId: string): Buffer {
  return createHmac('sha256', Buffer.from(folderKey)).update(`planet/folder-drives/v1\n${groupId}\n${folderId}`).digest()
}

/** The standing folders of a group, with the drives their current members announced (drive keys of removed members are gone from the state). */
export function folderDrives(state: GroupState, folderId: string): Map<string, string> {
  const out = new Map<string, string>()
  const prefix = `${folderId}:`
  for (const [key, drive] of state.folderDrives) {
    if (!key.startsWith(prefix)) continue
    const identity = key.slice(prefix.length)
    if (state.members.has(identity)) out.set(identity, drive)
  }
  return out
}

/**
 * When the firewall's grace for a group's former members next ends (null: no
 * grace running). Until then a removed member's device is still admitted, and
 * could still fetch new blocks of the folder drives (the folder key is not
 * rotated): see FolderSession.#watchGrace.
 */
export function nextGraceEnd(members: Iterable<Pick<Membership, 'status' | 'leftAt'>>, now: number): number | null {
  let next: number | null = null
  for (const member of members) {
    if (member.status === 'member' || member.leftAt === null) continue
    const end = member.leftAt + FORMER_MEMBER_GRACE_MS
    if (end > now && (next === null || end < next)) next = end
  }
  return next
}

/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Shared folders on a member's device (ARCHITECTURE §11): for every standing
 * folder of every group I am a member of, a FolderEngine in the session's
 * corestore (so the group's member connections replicate its drives), my
 * drive announced once with a folder.drive op, and the engine's members kept
 * to the current members' announced drives.
 */
export class FolderService implements PeopleExtension {
  readonly #services: CoreServices
  readonly #groups: GroupService
  readonly #dataDir: string
  readonly #log: Log
  readonly #sessions = new WeakMap<PeopleSession, FolderSession>()
  /** Engine options for tests (say, a shorter debounce). Never the store, dirs or keys. */
  engineOptions: Partial<Pick<FolderEngineOptions, 'debounceMs' | 'rescanIntervalMs' | 'retryMs' | 'blockTimeoutMs' | 'watch'>> = {}

  constructor(services: CoreServices, people: PeopleService, groups: GroupService, dataDir: string, log: Log) {
    this.#services = services
    this.#groups = groups
    this.#dataDir = dataDir
    this.#log = log
    people.extend(this)
  }

  get dataDir(): string {
    return this.#dataDir
  }

  sessionStarted(session: PeopleSession): void {
    const folders = new FolderSession(session, this.#services, this.#groups, this.#dataDir, this.#log, () => this.engineOptions)
    this.#sessions.set(session, folders)
    session.onClose(() => folders.close())
    folders.syncAll()
  }

  spaceProjected(session: PeopleSession, space: Space): void {
    if (space.kind === 'group') this.#sessions.get(session)?.syncSpace(space)
  }

  spaceWritable(session: PeopleSession, space: Space): void {
    if (space.kind === 'group') this.#sessions.get(session)?.syncSpace(space)
  }

  of(session: PeopleSession): FolderSession | undefined {
    return this.#sessions.get(session)
  }
}

/** One folder on this device: its key (once opened) and its engine, changed one step at a time. */
export class FolderHandle {
  readonly groupId: string
  readonly folderId: string
  content: FolderContent | null = null
  engine: FolderEngine | null = null
  /** The directory the engine was opened with. */
  engineDir: string | null = null
  /** The drive key I last announced (or am announcing). */
  announced: string | null = null
  membersSignature = ''
  /** The epoch I last resealed the folder's content for (admins). */
  resealedFor = -1
  closed = false
  #chain: Promise<void> = Promise.resolve()
  #queued = false

  constructor(groupId: string, folderId: string) {
    this.groupId = groupId
    this.folderId = folderId
  }

  /** Run `task` after everything queued before it. Reconciles coalesce: one waiting is enough. */
  run(task: () => Promise<void>, coalesce = false): Promise<void> {
    if (coalesce && this.#queued) return this.#chain
    if (coalesce) this.#queued = true
    const next = this.#chain.then(async () => {
      if (coalesce) this.#queued = false
      await task()
    })
    this.#chain = next.catch(() => undefined)
    return next
  }

  async settled(): Promise<void> {
    await this.#chain
  }
}

export class FolderSession {
  readonly #session: PeopleSession
  readonly #services: CoreServices
  readonly #groups: GroupService
  readonly #dataDir: string
  readonly #log: Log
  readonly #engineOptions: () => FolderService['engineOptions']
  /** `${groupId}:${folderId}` → handle. */
  readonly #handles = new Map<string, FolderHandle>()
  /** groupId → the grace end a timer waits for. */
  readonly #graceTimers = new Map<string, { at: number; timer: NodeJS.Timeout }>()
  #closed = false

  constructor(session: PeopleSession, services: CoreServices, groups: GroupService, dataDir: string, log: Log, engineOptions: () => FolderService['engineOptions']) {
    this.#session = session
    this.#services = services
    this.#groups = groups
    this.#dataDir = dataDir
    this.#log = log
    this.#engineOptions = engineOptions
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const { timer } of this.#graceTimers.values()) clearTimeout(timer)
    this.#graceTimers.clear()
    const handles = [...this.#handles.values()]
    this.#handles.clear()
    await Promise.all(handles.map((handle) => this.#closeHandle(handle)))
  }

  handle(groupId: string, folderId: string): FolderHandle | undefined {
    return this.#handles.get(`${groupId}:${folderId}`)
  }

  stateDir(groupId: string, folderId: string): string {
    return join(this.#dataDir, 'folders-state', groupId, folderId)
  }

  binding(groupId: string, folderId: string): FolderBinding {
    const parsed = folderBinding.safeParse(this.#services.vault.getSetting(bindingSetting(groupId, folderId), UNBOUND))
    return parsed.success ? parsed.data : UNBOUND
  }

  /** Every directory bound on this device, for the "one folder per directory" check. */
  boundDirs(): Array<{ groupId: string; folderId: string; dir: string }> {
    const out: Array<{ groupId: string; folderId: string; dir: string }> = []
    for (const handle of this.#handles.values()) {
      const { dir } = this.binding(handle.groupId, handle.folderId)
      if (dir) out.push({ groupId: handle.groupId, folderId: handle.folderId, dir })
    }
    return out
  }

  /** Change this device's binding and reconcile the engine with it; resolves once the engine follows. */
  async setBinding(space: Space, folderId: string, change: Partial<FolderBinding>): Promise<void> {
    const next = { ...this.binding(space.key, folderId), ...change }
    this.#services.vault.setSetting(bindingSetting(space.key, folderId), next)
    const handle = this.#handles.get(`${space.key}:${folderId}`)
    if (handle) await handle.run(() => this.#reconcile(space, handle))
    this.#changed(space.key)
  }

  syncAll(): void {
    for (const space of this.#session.spaces.values()) if (space.kind === 'group') this.syncSpace(space)
  }

  /** The group's folders or members changed (or the session started): follow them. */
  syncSpace(space: Space): void {
    if (this.#closed) return
    // A group forgotten on this device: its engines go.
    for (const handle of [...this.#handles.values()]) {
      const open = this.#session.spaces.get(handle.groupId)
      if (!open || open.closing) this.#drop(handle)
    }
    if (space.closing) return
    const state = this.#groups.stateOf(space)
    const member = state.members.has(this.#session.me)
    if (member && state.folders.size > 0) this.#watchGrace(space.key)
    for (const [folderId, folder] of state.folders) {
      const key = `${space.key}:${folderId}`
      let handle = this.#handles.get(key)
      if (!member || folder.removed) {
        if (handle) this.#drop(handle)
        continue
      }
      if (!handle) this.#handles.set(key, (handle = new FolderHandle(space.key, folderId)))
      const target = handle
      void target.run(() => this.#reconcile(space, target), true).catch((error: unknown) => this.#log('warn', 'shared folder could not sync', error instanceof Error ? error.message : error))
    }
  }

  /** Wait until the handle's queued steps are done (for the handlers: the engine then reflects the state). */
  async settled(groupId: string, folderId: string): Promise<FolderHandle | undefined> {
    const handle = this.#handles.get(`${groupId}:${folderId}`)
    await handle?.settled()
    return this.#handles.get(`${groupId}:${folderId}`)
  }

  /**
   * The firewall admits a group's former members for FORMER_MEMBER_GRACE_MS
   * after they left, and nothing re-checks that on a timer. Folder drives are
   * readable by anyone who holds the folder key and stays connected, so make
   * sure the grace really ends: reload the allow-list then and drop the
   * connections it no longer admits.
   */
  #watchGrace(groupId: string): void {
    const now = this.#services.clock.now()
    const end = nextGraceEnd(memberships(this.#session.db, groupId).values(), now)
    const current = this.#graceTimers.get(groupId)
    if (current?.at === end) return
    if (current) clearTimeout(current.timer)
    this.#graceTimers.delete(groupId)
    if (end === null) return
    const timer = setTimeout(
      () => {
        this.#graceTimers.delete(groupId)
        if (this.#closed) return
        try {
          this.#session.reloadAllowedDevices()
          const swarm = this.#session.network.swarm
          for (const connection of swarm ? [...swarm.connections] : []) {
            const device = connection.remotePublicKey.toString('hex')
            if (!this.#session.allowedDevices.has(device)) this.#session.network.disconnect(device)
          }
          const space = this.#session.spaces.get(groupId)
          if (space) this.#watchGrace(groupId)
        } catch (error) {
          this.#log('warn', 'could not end a former member’s grace', error instanceof Error ? error.message : error)
        }
      },
      Math.min(end - now + 1_000, MAX_TIMER_MS),
    )
    timer.unref()
    this.#graceTimers.set(groupId, { at: end, timer })
  }

  #drop(handle: FolderHandle): void {
    this.#handles.delete(`${handle.groupId}:${handle.folderId}`)
    void this.#closeHandle(handle).then(() => this.#changed(handle.groupId))
  }

  async #closeHandle(handle: FolderHandle): Promise<void> {
    handle.closed = true
    await handle.run(async () => {
      const engine = handle.engine
      handle.engine = null
      await engine?.close().catch((error: unknown) => this.#log('warn', 'shared folder did not close cleanly', error instanceof Error ? error.message : error))
    })
  }

  /** Bring one folder's engine in line with the group state and this device's binding. Runs in the handle's queue. */
  async #reconcile(space: Space, handle: FolderHandle): Promise<void> {
    if (handle.closed || this.#closed || space.closing) return
    const state = this.#groups.stateOf(space)
    const folder = state.folders.get(handle.folderId)
    if (!folder || folder.removed || !state.members.has(this.#session.me)) return

    if (!handle.content) {
      const key = epochKey(this.#session.db, space.key, folder.box.e)
      if (!key) return // not available on this device (yet)
      const parsed = folderContent.safeParse(openContent(folder.box, key, { space: space.key, opId: folder.boxOp, type: folder.boxType }))
      if (!parsed.success) {
        this.#log('warn', 'a shared folder’s sealed content does not open', handle.folderId)
        return
      }
      handle.content = parsed.data
      this.#changed(space.key)
    }

    const binding = this.binding(space.key, handle.folderId)
    let engine = handle.engine
    if (engine && handle.engineDir !== binding.dir) {
      // The directory changed: an engine is bound to one directory for its life.
      handle.engine = null
      await engine.close()
      engine = null
    }
    if (!engine) {
      const stateDir = this.stateDir(space.key, handle.folderId)
      await mkdir(stateDir, { recursive: true })
      engine = new FolderEngine({
        ...this.#engineOptions(),
        // Per group and folder: a hostile admin elsewhere cannot make two folders share a namespace.
        folderId: `${space.key}-${handle.folderId}`,
        store: this.#session.network.store,
        stateDir,
        dir: binding.dir,
        encryptionKey: folderEncryptionKey(fromHex(handle.content.key), space.key, handle.folderId),
        members: [],
        paused: binding.paused,
        selected: binding.selected,
      })
      try {
        await engine.ready()
      } catch (error) {
        await engine.close().catch(() => undefined)
        throw error
      }
      if (handle.closed || this.#closed) {
        await engine.close()
        return
      }
      handle.engine = engine
      handle.engineDir = binding.dir
      handle.membersSignature = ''
      const groupId = space.key
      engine.events.on('status', () => this.#changed(groupId))
      engine.events.on('conflict', () => this.#changed(groupId))
    }
    if (binding.paused !== engine.paused) {
      if (binding.paused) engine.pause()
      else engine.resume()
    }
    if (JSON.stringify(binding.selected) !== JSON.stringify(engine.selected)) engine.setSelected(binding.selected)

    // The other current members' announced drives; a removed member's drive drops out here.
    const own = engine.deviceId
    const drives = [...folderDrives(state, handle.folderId).values()].filter((drive) => drive !== own).sort()
    const signature = drives.join(',')
    if (signature !== handle.membersSignature) {
      await engine.setMembers(drives.map((drive) => fromHex(drive)))
      handle.membersSignature = signature
      this.#changed(space.key)
    }

    await this.#resealIfNeeded(space, handle)

    // Announce my drive once (again only if the state lost it, e.g. a reorder undid it).
    const mine = state.folderDrives.get(`${handle.folderId}:${this.#session.me}`)
    if (mine !== own && handle.announced !== own && space.writable) {
      handle.announced = own
      try {
        await this.#groups.append(this.#session, space, [{ t: 'folder.drive', folder: handle.folderId, drive: own }])
      } catch (error) {
        handle.announced = null
        throw error
      }
    }
  }

  /**
   * Admins: a member who joined after a rotation lacks the key the folder's
   * content was sealed with; seal the same content again under the current
   * epoch (one op; a concurrent reseal by another admin is refused as stale).
   */
  async #resealIfNeeded(space: Space, handle: FolderHandle): Promise<void> {
    const state = this.#groups.stateOf(space)
    const folder = state.folders.get(handle.folderId)
    const me = state.members.get(this.#session.me)
    if (!folder || !handle.content || !me || !isAdminRole(me.role) || !space.writable) return
    if (folder.box.e >= state.epoch || handle.resealedFor === state.epoch) return
    const lacking = [...state.members.values()].some((member) => !state.holdsKey(folder.box.e, member.identity) && state.holdsKey(state.epoch, member.identity))
    if (!lacking || !epochKey(this.#session.db, space.key, state.epoch)) return
    handle.resealedFor = state.epoch
    const { id, box } = await this.#groups.sealFor(this.#session, space, 'folder.reseal', handle.content)
    const op = { t: 'folder.reseal', folder: handle.folderId, box, ...this.#session.opBase(space), id } as GroupOp
    await space.append(op, this.#session.identity.signing)
  }

  #changed(groupId: string): void {
    if (!this.#closed) this.#services.events.emit('folders.onFoldersChanged', { groupId })
  }
}
