import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, mkdir, realpath, stat } from 'node:fs/promises'
import { isAbsolute, resolve, sep } from 'node:path'
import type { z } from 'zod'
import type { folderFile, folderVersionView, sharedFolder } from '../../../shared/contract/folders'
import { FOLDER_TRANSFER_LIMITS } from '../../../shared/domain/folders'
import type { FolderVersion } from '../../../shared/domain/folders'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { FOLDERS_PER_GROUP } from '../../../shared/domain/group-ops'
import { RpcError } from '../../../shared/rpc/errors'
import { groupContext } from '../groups/group-context'
import type { GroupService } from '../groups/group-service'
import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import { requireSession } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import type { Space } from '../spaces/space'
import { FolderFileError } from './app-files'
import type { FileEntry } from './app-files'
import { shortDeviceId } from './conflict-name'
import type { FolderEngine } from './folder-engine'
import type { FolderService, FolderSession } from './folder-service'
import { folderDrives } from './folder-service'
import { checkRelativePath } from './path-safety'

type SharedFolder = z.infer<typeof sharedFolder>
type FolderFileView = z.infer<typeof folderFile>
type FolderVersionView = z.infer<typeof folderVersionView>
type Author = Pick<FolderFileView, 'authorIdentity' | 'authorName'>

/** How long a read waits for a block from the members before answering FOLDER_NOT_SYNCED (the UI may ask again). */
const READ_TIMEOUT_MS = 15_000

/** The engine's refusals of app file operations, as the API's errors. */
async function fileErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    if (!(error instanceof FolderFileError)) throw error
    const message = error.message.slice(error.code.length + 2)
    const sentence = message.charAt(0).toUpperCase() + message.slice(1) + '.'
    throw new RpcError(`FOLDER_${error.code}`, sentence, error.reason ? { reason: error.reason } : undefined)
  }
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep)
}

const badDir = (message: string) => new RpcError('FOLDER_BAD_DIR', message)

/**
 * Where a folder may live on this disk: an absolute path that exists or can
 * be created, a writable directory, not inside PLANET's data directory (nor
 * holding it), and not inside or around another bound folder. Returns its
 * real path.
 */
export async function checkFolderDir(raw: string, dataDir: string, others: readonly string[]): Promise<string> {
  if (!isAbsolute(raw)) throw badDir('Choose a full path (an absolute one), not a relative one.')
  const dir = resolve(raw)
  const data = resolve(dataDir)
  const clash = (real: string, realData: string) => {
    if (inside(real, realData)) throw badDir('That directory is inside PLANET’s own data: choose one outside it.')
    if (inside(realData, real)) throw badDir('That directory holds PLANET’s own data: choose one that does not.')
  }
  // Before anything is created: never make a directory inside the data dir.
  clash(dir, data)
  const existing = await stat(dir).catch(() => null)
  if (existing && !existing.isDirectory()) throw badDir('That path is a file, not a directory.')
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    throw badDir(`PLANET cannot create that directory (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory()) throw badDir('That path is a file, not a directory.')
  try {
    await access(dir, constants.R_OK | constants.W_OK)
  } catch {
    throw badDir('PLANET cannot read and write in that directory.')
  }
  const real = await realpath(dir)
  clash(real, await realpath(data).catch(() => data))
  for (const other of others) {
    if (inside(real, other) || inside(other, real)) throw badDir('Another shared folder is kept in (or around) that directory: choose a separate one.')
  }
  return real
}

/** folders.* (shared/contract/folders.ts): a group's shared folders and this device's binding of each. */
export function createFolderHandlers(services: CoreServices, people: PeopleService, groups: GroupService, folders: FolderService): AreaHandlers<'folders'> {
  const { events } = services

  async function open(groupId: string): Promise<{ session: PeopleSession; space: Space; local: FolderSession }> {
    const session = await requireSession(people)
    const space = groups.requireGroup(session, groupId)
    const local = folders.of(session)
    if (!local) throw new RpcError('FOLDER_UNAVAILABLE', 'Shared folders are not running: lock and unlock to try again.')
    return { session, space, local }
  }

  /** A member, reading: no need to be a writer yet. */
  function requireReader(session: PeopleSession, space: Space): void {
    if (!groups.stateOf(space).members.has(session.me)) groups.requireMember(session, space)
  }

  function requireFolder(space: Space, folderId: string): void {
    const folder = groups.stateOf(space).folders.get(folderId)
    if (!folder || folder.removed) throw new RpcError('FOLDER_NOT_FOUND', 'That shared folder is not in this group (any more).')
  }

  function view(local: FolderSession, space: Space, folderId: string): SharedFolder {
    const state = groups.stateOf(space)
    const folder = state.folders.get(folderId)!
    const handle = local.handle(space.key, folderId)
    const binding = local.binding(space.key, folderId)
    const engine = handle?.engine ?? null
    return {
      groupId: space.key,
      id: folderId,
      name: handle?.content?.name ?? '',
      createdBy: folder.author,
      available: handle?.content != null,
      dir: binding.dir,
      paused: binding.paused,
      selected: binding.selected,
      status: engine?.status() ?? null,
      conflicts: engine?.conflicts().length ?? 0,
      devices: folderDrives(state, folderId).size,
    }
  }

  /** The folder's view once its engine followed the latest state. */
  async function settledView(local: FolderSession, space: Space, folderId: string): Promise<SharedFolder> {
    local.syncSpace(space)
    await local.settled(space.key, folderId).catch(() => undefined)
    requireFolder(space, folderId)
    return view(local, space, folderId)
  }

  async function folderOf(groupId: string, folderId: string): Promise<{ engine: FolderEngine; session: PeopleSession; space: Space; local: FolderSession }> {
    const { session, space, local } = await open(groupId)
    requireReader(session, space)
    requireFolder(space, folderId)
    if (!local.handle(groupId, folderId)) local.syncSpace(space)
    const handle = await local.settled(groupId, folderId).catch(() => local.handle(groupId, folderId))
    if (!handle?.engine) throw new RpcError('FOLDER_UNAVAILABLE', 'This device cannot open that folder yet: it does not hold its key.')
    return { engine: handle.engine, session, space, local }
  }

  async function engineOf(groupId: string, folderId: string): Promise<FolderEngine> {
    return (await folderOf(groupId, folderId)).engine
  }

  /**
   * Who made a version, from its author's drive key: the member who announced
   * that drive (by drive key, so a member with several devices or a new device
   * is still themselves; kept for former members, whose versions stay in history),
   * and the name the group shows for them. A drive nobody announced: its short id.
   */
  function authorsOf(session: PeopleSession, space: Space, folderId: string): (drive: string) => Author {
    const owners = groups.stateOf(space).folderDriveOwners
    const context = groupContext(session, space.key)
    return (drive) => {
      const owner = owners.get(drive)
      // Announced for this folder (any key generation): a drive of another folder is no author here.
      if (!owner || !owner.slot.startsWith(`${folderId}:`)) return { authorIdentity: null, authorName: shortDeviceId(drive) }
      return { authorIdentity: owner.identity, authorName: context.nameOf(owner.identity) }
    }
  }

  async function uploadsOf(): Promise<FolderSession['uploads']> {
    const local = folders.of(await requireSession(people))
    if (!local) throw new RpcError('FOLDER_UNAVAILABLE', 'Shared folders are not running: lock and unlock to try again.')
    return local.uploads
  }

  async function rebind(groupId: string, folderId: string, change: Parameters<FolderSession['setBinding']>[2]): Promise<SharedFolder> {
    const { session, space, local } = await open(groupId)
    requireReader(session, space)
    requireFolder(space, folderId)
    await local.setBinding(space, folderId, change)
    return settledView(local, space, folderId)
  }

  function checkPath(path: string): void {
    if (!checkRelativePath(path).ok) throw new RpcError('FOLDER_BAD_PATH', 'That is not a path inside the folder.')
  }

  return {
    'folders.list': async ({ groupId }) => {
      const { session, space, local } = await open(groupId)
      const state = groups.stateOf(space)
      if (!state.members.has(session.me)) return []
      return [...state.folders]
        .filter(([, folder]) => !folder.removed)
        .map(([folderId]) => view(local, space, folderId))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    },
    'folders.create': async ({ groupId, name }) => {
      const { session, space, local } = await open(groupId)
      groups.requireAdmin(session, space)
      const state = groups.stateOf(space)
      if (state.mode !== 'working' && state.mode !== 'trading') throw new RpcError('FOLDER_WRONG_MODE', 'Shared folders are for working and trading groups.')
      if ([...state.folders.values()].filter((folder) => !folder.removed).length >= FOLDERS_PER_GROUP) {
        throw new RpcError('FOLDER_LIMIT', `A group can have at most ${FOLDERS_PER_GROUP} shared folders: remove one first.`)
      }
      const folderId = randomBytes(16).toString('hex')
      // The folder key: random, sealed with the group's epoch key so only members read it.
      const { id, box } = await groups.sealFor(session, space, 'folder.create', { name, key: randomBytes(32).toString('hex') })
      const op = { t: 'folder.create', folder: folderId, box, ...session.opBase(space), id } as GroupOp
      await space.append(op, session.identity.signing)
      await space.flush()
      if (!groups.stateOf(space).folders.has(folderId)) throw new RpcError('INTERNAL', 'The folder did not reach the group’s state.')
      const created = await settledView(local, space, folderId)
      events.emit('folders.onFoldersChanged', { groupId })
      return created
    },
    'folders.remove': async ({ groupId, folderId }) => {
      const { session, space, local } = await open(groupId)
      groups.requireAdmin(session, space)
      requireFolder(space, folderId)
      await groups.append(session, space, [{ t: 'folder.remove', folder: folderId }])
      await space.flush()
      local.syncSpace(space)
      events.emit('folders.onFoldersChanged', { groupId })
      return {}
    },
    'folders.bind': async ({ groupId, folderId, dir }) => {
      const { session, space, local } = await open(groupId)
      requireReader(session, space)
      requireFolder(space, folderId)
      const others = local.boundDirs().filter((bound) => bound.groupId !== groupId || bound.folderId !== folderId)
      const real = await checkFolderDir(dir, folders.dataDir, others.map((bound) => bound.dir))
      await local.setBinding(space, folderId, { dir: real })
      return settledView(local, space, folderId)
    },
    'folders.unbind': async ({ groupId, folderId }) => rebind(groupId, folderId, { dir: null }),
    'folders.pause': async ({ groupId, folderId }) => rebind(groupId, folderId, { paused: true }),
    'folders.resume': async ({ groupId, folderId }) => rebind(groupId, folderId, { paused: false }),
    'folders.setSelected': async ({ groupId, folderId, selected }) => {
      if (selected) for (const path of selected) checkPath(path)
      return rebind(groupId, folderId, { selected })
    },
    'folders.listFiles': async ({ groupId, folderId }) => {
      const { engine, session, space } = await folderOf(groupId, folderId)
      const author = authorsOf(session, space, folderId)
      return engine.list().map((entry): FolderFileView => ({ ...entry, ...author(entry.author) }))
    },
    'folders.listDeleted': async ({ groupId, folderId }) => {
      const { engine, session, space } = await folderOf(groupId, folderId)
      const author = authorsOf(session, space, folderId)
      return engine.listDeleted().map((entry) => ({ ...entry, ...author(entry.author) }))
    },
    'folders.history': async ({ groupId, folderId, path }) => {
      checkPath(path)
      const { engine, session, space } = await folderOf(groupId, folderId)
      const author = authorsOf(session, space, folderId)
      return (await engine.history(path)).map((version: FolderVersion): FolderVersionView => ({ ...version, ...author(version.author) }))
    },
    'folders.restore': async ({ groupId, folderId, path, versionId }) => {
      checkPath(path)
      const engine = await engineOf(groupId, folderId)
      try {
        await engine.restore(path, versionId)
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('NO_SUCH_VERSION')) throw new RpcError('FOLDER_NO_SUCH_VERSION', 'That version of the file is not there any more.')
        throw error
      }
      events.emit('folders.onFoldersChanged', { groupId })
      return {}
    },
    'folders.conflicts': async ({ groupId, folderId }) => (await engineOf(groupId, folderId)).conflicts(),
    'folders.startUpload': async ({ groupId, folderId, path, size }) => {
      if (size > FOLDER_TRANSFER_LIMITS.uploadBytes) {
        throw new RpcError('FOLDER_TOO_LARGE', `A file put into a shared folder from the app can be at most ${FOLDER_TRANSFER_LIMITS.uploadBytes / 1024 ** 3} GB.`, {
          limit: FOLDER_TRANSFER_LIMITS.uploadBytes,
        })
      }
      const { engine, local } = await folderOf(groupId, folderId)
      // Refused before any byte moves; checked again when it finishes, as the folder may change meanwhile.
      await fileErrors(() => engine.checkImport(path, size))
      return local.uploads.start({ groupId, folderId, path, size })
    },
    'folders.uploadChunk': async ({ uploadId, offset, data }) => (await uploadsOf()).chunk(uploadId, offset, data),
    'folders.finishUpload': async ({ uploadId }) => {
      const staged = await (await uploadsOf()).take(uploadId)
      try {
        const { engine, session, space } = await folderOf(staged.groupId, staged.folderId)
        const entry: FileEntry = await fileErrors(() => engine.importFile(staged.path, { abs: staged.file, size: staged.size, reader: staged.reader }))
        events.emit('folders.onFoldersChanged', { groupId: staged.groupId })
        return { ...entry, ...authorsOf(session, space, staged.folderId)(entry.author) }
      } finally {
        await staged.discard()
      }
    },
    'folders.cancelUpload': async ({ uploadId }) => {
      await (await uploadsOf()).cancel(uploadId)
      return {}
    },
    'folders.readFile': async ({ groupId, folderId, path, versionId, offset, length }) => {
      checkPath(path)
      const engine = await engineOf(groupId, folderId)
      return fileErrors(async () => {
        const content = await engine.openVersion(path, versionId, READ_TIMEOUT_MS)
        const parts: Buffer[] = []
        // At most FOLDER_TRANSFER_LIMITS.readBytes (the contract's bound on `length`): one range, never the whole file.
        for await (const part of content.read(offset, length)) parts.push(part)
        const bytes = Buffer.concat(parts)
        return { data: bytes.toString('base64'), done: offset + bytes.length >= content.size, size: content.size }
      })
    },
    'folders.deleteFile': async ({ groupId, folderId, path }) => {
      checkPath(path)
      const engine = await engineOf(groupId, folderId)
      await fileErrors(() => engine.deleteFile(path))
      events.emit('folders.onFoldersChanged', { groupId })
      return {}
    },
  }
}
