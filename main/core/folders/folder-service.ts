import { createHmac, randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type Hypercore from 'hypercore'
import { z } from 'zod'
import type { FolderContent, GroupOp } from '../../../shared/domain/group-ops'
import { FOLDER_GENERATIONS, folderContent } from '../../../shared/domain/group-ops'
import { isAdminRole } from '../../../shared/domain/groups'
import { openContent } from '../groups/epoch-crypto'
import { epochKey } from '../groups/group-queries'
import type { GroupService } from '../groups/group-service'
import type { GroupState } from '../groups/group-state'
import type { PeopleExtension } from '../people/extensions'
import type { PeopleService } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import { fromHex } from '../spaces/certs'
import type { Space } from '../spaces/space'
import type { FolderEngineOptions, FolderMemberDrive } from './folder-engine'
import { FolderEngine } from './folder-engine'
import { FolderUploads } from './folder-uploads'
import { JsonIndexStore } from './local-index'

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void

/** Changes to a folder's files are announced (folders.onFoldersChanged) at most this often per group. */
const FILES_CHANGED_MS = 200

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
 * folder key sealed in its folder.create, or a generation's key from a
 * folder.rekey (HMAC-SHA256, bound to the group and the folder, so the raw
 * folder key is never used directly).
 */
export function folderEncryptionKey(folderKey: Uint8Array, groupId: string, folderId: string): Buffer {
  return createHmac('sha256', Buffer.from(folderKey)).update(`planet/folder-drives/v1\n${groupId}\n${folderId}`).digest()
}

/**
 * The key of a folder's generation `gen` made in epoch `epochKey`'s epoch (a folder.rekey): derived,
 * not random, so two admins rekeying at once in the same epoch seal the same key, and whichever op the
 * log keeps, no device has written a drive under a key that lost. Only holders of that epoch's key (the
 * members after the removal) can derive it; it also travels sealed, for members who join later.
 */
export function rekeyedFolderKey(epochKey: Uint8Array, groupId: string, folderId: string, gen: number): Buffer {
  return createHmac('sha256', Buffer.from(epochKey)).update(`planet/folder-rekey/v1\n${groupId}\n${folderId}\n${gen}`).digest()
}

/** A drive a current member announced for a folder, under key generation `gen`. */
export interface AnnouncedDrive {
  identity: string
  gen: number
  drive: string
}

/** Every drive the current members announced for a folder, of every generation, oldest generation first (drives of removed members are gone from the state). */
export function announcedDrives(state: GroupState, folderId: string): AnnouncedDrive[] {
  const out: AnnouncedDrive[] = []
  const prefix = `${folderId}:`
  for (const [key, drive] of state.folderDrives) {
    if (!key.startsWith(prefix)) continue
    const rest = key.slice(prefix.length)
    const colon = rest.indexOf(':')
    const identity = rest.slice(colon + 1)
    if (state.members.has(identity)) out.push({ identity, gen: Number(rest.slice(0, colon)), drive })
  }
  return out.sort((a, b) => a.gen - b.gen || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0))
}

/** The current members who announced a drive for a folder → the drive of the newest generation each announced. */
export function folderDrives(state: GroupState, folderId: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const { identity, drive } of announcedDrives(state, folderId)) out.set(identity, drive)
  return out
}

/** A folder's keys by generation (hex): its sealed content's `previous`, then `key`. */
export function folderKeys(content: FolderContent): string[] {
  return [...(content.previous ?? []), content.key]
}

/** The key generation a folder's sealed content is for. */
export function contentGeneration(content: FolderContent): number {
  return content.previous?.length ?? 0
}

/**
 * What an engine reads besides its own drive: every announced drive (this
 * device's of older generations too) whose generation's key `keys` holds,
 * each with that generation's encryption key. A drive key announced twice
 * counts once (the oldest generation's: the rules bind a key to one).
 */
export function engineMembers(drives: readonly AnnouncedDrive[], keys: readonly string[], own: string, groupId: string, folderId: string): Array<{ drive: string; gen: number; member: FolderMemberDrive }> {
  const out = new Map<string, { drive: string; gen: number; member: FolderMemberDrive }>()
  for (const { drive, gen } of drives) {
    const key = keys[gen]
    if (drive === own || out.has(drive) || key === undefined) continue
    out.set(drive, { drive, gen, member: { key: fromHex(drive), encryptionKey: folderEncryptionKey(fromHex(key), groupId, folderId) } })
  }
  return [...out.values()].sort((a, b) => (a.drive < b.drive ? -1 : a.drive > b.drive ? 1 : 0))
}

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
  readonly #ownDrivesHooks: Array<(session: PeopleSession, groupId: string) => void> = []
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

  /**
   * Run `hook` when this device's own drives in a group change (an engine
   * opened): see FolderSession.ownDriveCores. The composition root points it
   * at the relays, which keep them; folders know nothing of relays.
   */
  onOwnDrivesChanged(hook: (session: PeopleSession, groupId: string) => void): void {
    this.#ownDrivesHooks.push(hook)
  }

  sessionStarted(session: PeopleSession): void {
    const ownDrivesChanged = (groupId: string) => {
      for (const hook of this.#ownDrivesHooks) hook(session, groupId)
    }
    const folders = new FolderSession(session, this.#services, this.#groups, this.#dataDir, this.#log, () => this.engineOptions, ownDrivesChanged)
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
  /** The newest sealed content this device opened: name, and the keys of every generation up to its own. */
  content: FolderContent | null = null
  /** The op whose box `content` came from (or that was found not to open: it is not tried again). */
  contentOp: string | null = null
  engine: FolderEngine | null = null
  /** The directory the engine was opened with. */
  engineDir: string | null = null
  /** The key (hex) of the generation the engine writes under. */
  engineKey: string | null = null
  /** The drive key I last announced (or am announcing). */
  announced: string | null = null
  membersSignature = ''
  /** The epoch I last resealed the folder's content for (admins). */
  resealedFor = -1
  /** The epoch I last gave the folder a new key in (admins). */
  rekeyedFor = -1
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
  readonly #ownDrivesChanged: (groupId: string) => void
  /** `${groupId}:${folderId}` → handle. */
  readonly #handles = new Map<string, FolderHandle>()
  /** Files being put into this session's folders from the app (folders.startUpload…), staged encrypted in the data dir. */
  readonly uploads: FolderUploads
  /** Groups whose file lists changed and will be announced once the burst settles (see #filesChanged). */
  readonly #filesChangedTimers = new Map<string, NodeJS.Timeout>()
  #closed = false

  constructor(
    session: PeopleSession,
    services: CoreServices,
    groups: GroupService,
    dataDir: string,
    log: Log,
    engineOptions: () => FolderService['engineOptions'],
    ownDrivesChanged: (groupId: string) => void = () => undefined,
  ) {
    this.#session = session
    this.#services = services
    this.#groups = groups
    this.#dataDir = dataDir
    this.#log = log
    this.#engineOptions = engineOptions
    this.#ownDrivesChanged = ownDrivesChanged
    this.uploads = new FolderUploads(join(dataDir, 'folders-uploads'), () => services.clock.now())
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const timer of this.#filesChangedTimers.values()) clearTimeout(timer)
    this.#filesChangedTimers.clear()
    await this.uploads.close()
    const handles = [...this.#handles.values()]
    this.#handles.clear()
    await Promise.all(handles.map((handle) => this.#closeHandle(handle)))
  }

  handle(groupId: string, folderId: string): FolderHandle | undefined {
    return this.#handles.get(`${groupId}:${folderId}`)
  }

  /**
   * The cores of this device's own folder drives in a group, for the group's
   * relays to keep (so a member who is never online with this device still
   * gets its files): the db core and the blobs core of the own drives of every
   * open folder engine of the group: the one of the current key generation
   * and the read-only older ones (a member who was offline still needs them). Only ciphertext
   * leaves with them: the drives are encrypted with the folder key. The
   * sessions belong to the engines (the caller must not close them); a new
   * one is announced through FolderService.onOwnDrivesChanged.
   */
  ownDriveCores(groupId: string): Hypercore[] {
    const cores: Hypercore[] = []
    for (const handle of this.#handles.values()) {
      if (handle.groupId !== groupId || handle.closed || !handle.engine) continue
      for (const drive of handle.engine.ownDrives()) {
        cores.push(drive.core)
        // A writable drive has its blobs from ready() on.
        if (drive.blobs) cores.push(drive.blobs.core)
      }
    }
    return cores
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

  #drop(handle: FolderHandle): void {
    this.#handles.delete(`${handle.groupId}:${handle.folderId}`)
    void this.uploads.dropFolder(handle.groupId, handle.folderId)
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

  /**
   * The key this device seals its folders' local indexes with (they name the
   * files and their hashes; the data dir holds no plaintext). Random, made
   * once, kept in the vault: the same for every folder, so a new folder key
   * generation does not cost a rescan.
   */
  #localIndexKey(): Buffer {
    const setting = 'folders.localIndexKey'
    const stored = this.#services.vault.getSetting<string | null>(setting, null)
    if (typeof stored === 'string' && /^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, 'hex')
    const key = randomBytes(32)
    this.#services.vault.setSetting(setting, key.toString('hex'))
    return key
  }

  /** Bring one folder's engine in line with the group state and this device's binding. Runs in the handle's queue. */
  async #reconcile(space: Space, handle: FolderHandle): Promise<void> {
    if (handle.closed || this.#closed || space.closing) return
    const state = this.#groups.stateOf(space)
    const folder = state.folders.get(handle.folderId)
    if (!folder || folder.removed || !state.members.has(this.#session.me)) return

    // The newest seal (a reseal, or a rekey: new keys). Until it opens here, the keys opened before serve.
    if (handle.contentOp !== folder.boxOp) {
      const key = epochKey(this.#session.db, space.key, folder.box.e)
      if (key) {
        handle.contentOp = folder.boxOp
        const parsed = folderContent.safeParse(openContent(folder.box, key, { space: space.key, opId: folder.boxOp, type: folder.boxType }))
        if (parsed.success && contentGeneration(parsed.data) === folder.gen) {
          handle.content = parsed.data
          this.#changed(space.key)
        } else {
          this.#log('warn', 'a shared folder’s sealed content does not open', handle.folderId)
        }
      }
    }
    if (!handle.content) return // not available on this device (yet)
    const keys = folderKeys(handle.content)
    const gen = keys.length - 1

    const binding = this.binding(space.key, handle.folderId)
    let engine = handle.engine
    if (engine && (handle.engineDir !== binding.dir || handle.engineKey !== keys[gen])) {
      // The directory or the key changed (a rekey): an engine is bound to one directory and writes one drive for its life.
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
        encryptionKey: folderEncryptionKey(fromHex(keys[gen]!), space.key, handle.folderId),
        generation: gen,
        members: [],
        paused: binding.paused,
        selected: binding.selected,
        indexStore: new JsonIndexStore(stateDir, this.#localIndexKey()),
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
      handle.engineKey = keys[gen]!
      handle.membersSignature = ''
      const groupId = space.key
      engine.events.on('status', () => this.#changed(groupId))
      engine.events.on('conflict', () => this.#changed(groupId))
      // The file list changed: here (a publish, a write) or in a member's drive (also with no directory, or paused).
      engine.events.on('file', () => this.#filesChanged(groupId))
      engine.events.on('remote-change', () => this.#filesChanged(groupId))
      this.#ownDrivesChanged(groupId)
    }
    if (binding.paused !== engine.paused) {
      if (binding.paused) engine.pause()
      else engine.resume()
    }
    if (JSON.stringify(binding.selected) !== JSON.stringify(engine.selected)) engine.setSelected(binding.selected)

    // The current members' announced drives of every generation (mine of older ones too); a removed member's drop out here.
    const own = engine.deviceId
    const members = engineMembers(announcedDrives(state, handle.folderId), keys, own, space.key, handle.folderId)
    const signature = members.map(({ drive, gen: of }) => `${drive}:${of}`).join(',')
    if (signature !== handle.membersSignature) {
      const ownBefore = engine.ownDrives().length
      await engine.setMembers(members.map(({ member }) => member))
      handle.membersSignature = signature
      this.#changed(space.key)
      // My drives of older generations open as members: the relays keep them too.
      if (engine.ownDrives().length !== ownBefore) this.#ownDrivesChanged(space.key)
    }

    if (!(await this.#rekeyIfNeeded(space, handle))) await this.#resealIfNeeded(space, handle)

    // Announce my drive of this generation once (again only if the state lost it, e.g. a reorder undid it).
    const mine = state.folderDrives.get(`${handle.folderId}:${gen}:${this.#session.me}`)
    if (mine !== own && handle.announced !== own && space.writable) {
      handle.announced = own
      try {
        // Generation 0 is announced without `gen`, exactly as before generations existed.
        await this.#groups.append(this.#session, space, [{ t: 'folder.drive', folder: handle.folderId, drive: own, ...(gen > 0 ? { gen } : {}) }])
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
    // Only the keys of the folder's current generation may be sealed again (the rules refuse others).
    if (contentGeneration(handle.content) !== folder.gen) return
    const lacking = [...state.members.values()].some((member) => !state.holdsKey(folder.box.e, member.identity) && state.holdsKey(state.epoch, member.identity))
    if (!lacking || !epochKey(this.#session.db, space.key, state.epoch)) return
    handle.resealedFor = state.epoch
    const { id, box } = await this.#groups.sealFor(this.#session, space, 'folder.reseal', handle.content)
    const op = { t: 'folder.reseal', folder: handle.folderId, box, ...(folder.gen > 0 ? { gen: folder.gen } : {}), ...this.#session.opBase(space), id } as GroupOp
    await space.append(op, this.#session.identity.signing)
  }

  /**
   * Admins: the group's epoch moved on since the folder's current key was made
   * (someone was removed or left, and may keep that key). Give the folder a
   * new key generation, sealed with the current epoch's key, with every older
   * key beside it (older drives still hold the folder's files). Every member's
   * device then writes into a new drive under it. One op; of two admins
   * rekeying at once the second is refused as stale. True when it appended.
   */
  async #rekeyIfNeeded(space: Space, handle: FolderHandle): Promise<boolean> {
    const state = this.#groups.stateOf(space)
    const folder = state.folders.get(handle.folderId)
    const me = state.members.get(this.#session.me)
    if (!folder || folder.removed || !handle.content || !me || !isAdminRole(me.role) || !space.writable) return false
    if (state.epoch <= folder.keyEpoch || handle.rekeyedFor === state.epoch) return false
    // My keys must be the current generation's (else a newer rekey has not opened here yet), and a generation must be left.
    if (contentGeneration(handle.content) !== folder.gen || folder.gen + 1 >= FOLDER_GENERATIONS) return false
    const current = epochKey(this.#session.db, space.key, state.epoch)
    if (!current) return false
    handle.rekeyedFor = state.epoch
    try {
      const key = rekeyedFolderKey(current, space.key, handle.folderId, folder.gen + 1).toString('hex')
      const content: FolderContent = { name: handle.content.name, key, previous: folderKeys(handle.content) }
      const { id, box } = await this.#groups.sealFor(this.#session, space, 'folder.rekey', content)
      const op = { t: 'folder.rekey', folder: handle.folderId, gen: folder.gen + 1, box, ...this.#session.opBase(space), id } as GroupOp
      await space.append(op, this.#session.identity.signing)
    } catch (error) {
      handle.rekeyedFor = -1
      throw error
    }
    return true
  }

  #changed(groupId: string): void {
    if (!this.#closed) this.#services.events.emit('folders.onFoldersChanged', { groupId })
  }

  /** A member publishing 1,000 files changes the list 1,000 times: the UI refetches once per FILES_CHANGED_MS at most. */
  #filesChanged(groupId: string): void {
    if (this.#closed || this.#filesChangedTimers.has(groupId)) return
    const timer = setTimeout(() => {
      this.#filesChangedTimers.delete(groupId)
      this.#changed(groupId)
    }, FILES_CHANGED_MS)
    timer.unref()
    this.#filesChangedTimers.set(groupId, timer)
  }
}
