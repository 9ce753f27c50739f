import type { GroupOp, SealedBox } from '../../../shared/domain/group-ops'
import type { GroupMode, GroupRole, GroupVisibility } from '../../../shared/domain/groups'

/** One accepted op as a group's view log stores it. */
export interface GroupEntry {
  /** Writer core key (hex). */
  w: string
  /** Author identity key (hex). */
  a: string
  op: GroupOp
}

export interface GroupMember {
  identity: string
  role: GroupRole
  device: string
  sealKey: string
  writers: Set<string>
  /** Their posts are refused while their op time is below this (0: not muted). */
  mutedUntil: number
}

export interface GroupFolder {
  op: string
  author: string
  box: SealedBox
  boxOp: string
  boxType: 'folder.create' | 'folder.reseal' | 'folder.rekey'
  gen: number
  keyEpoch: number
  removed: boolean
}

interface OpInfo {
  author: string
  type: GroupOp['t']
  deleted: boolean
}

/**
 * What the group rules need to know, derived only from the view log so that
 * Autobase's undo-and-reapply stays deterministic. Every change pushes an
 * undo step; `truncate` unwinds to a shorter view after a reorder.
 */
export class GroupState {
  created = false
  mode: GroupMode = 'chat'
  visibility: GroupVisibility = 'private'
  /** The current epoch; -1 before group.create. */
  epoch = -1
  readonly members = new Map<string, GroupMember>()
  /** Every writer ever admitted → its identity (removed members' writers stay, so their late ops are recognised and refused). */
  readonly writers = new Map<string, string>()
  readonly ops = new Map<string, OpInfo>()
  /** `${epoch}:${identity}`: who was given each epoch's key. */
  readonly keyHolders = new Set<string>()
  /** `${news item id}:${identity}`: standing upvotes (one per member per item). */
  readonly newsVotes = new Set<string>()
  /** Standing community relays: relay public key (hex) → the relay.add that added it (its box holds the access secret). */
  readonly relays = new Map<string, { op: string; author: string; box: SealedBox }>()
  /**
   * Shared folders ever created: folder id → its folder.create (`op`, `author`), the newest seal of its
   * content (`box`, in op `boxOp` of type `boxType`: the create, a folder.rekey or a later folder.reseal),
   * its current key generation (`gen`), the epoch that generation's key was made in (`keyEpoch`: its
   * create's or rekey's box epoch; a reseal does not change it) and whether it was removed.
   */
  readonly folders = new Map<string, GroupFolder>()
  /** Standing drive announcements: `${folder}:${gen}:${identity}` → drive key (hex). A member's go when they leave or are removed. */
  readonly folderDrives = new Map<string, string>()
  /**
   * Every drive key ever announced → the identity that announced it (a key is never taken over by
   * someone else) and the `${folder}:${gen}` it was first announced for.
   */
  readonly folderDriveOwners = new Map<string, { identity: string; slot: string }>()
  readonly #undo: Array<Array<() => void>> = []
  #steps: Array<() => void> = []

  get length(): number {
    return this.#undo.length
  }

  get memberCount(): number {
    return this.members.size
  }

  truncate(length: number): void {
    while (this.#undo.length > length) {
      const steps = this.#undo.pop()!
      for (let i = steps.length - 1; i >= 0; i--) steps[i]!()
    }
  }

  holdsKey(epoch: number, identity: string): boolean {
    return this.keyHolders.has(`${epoch}:${identity}`)
  }

  /** Record an entry already checked by the rules (or read back from the view). */
  record(entry: GroupEntry): void {
    this.#steps = []
    const { op, a: author, w: writer } = entry
    this.#setOp(op.id, { author, type: op.t, deleted: false })

    switch (op.t) {
      case 'group.create':
        this.#set('created', true)
        this.#set('mode', op.mode)
        this.#set('visibility', op.visibility)
        this.#set('epoch', 0)
        this.#addMember({ identity: author, role: 'owner', device: op.device, sealKey: op.sealKey, writers: new Set(), mutedUntil: 0 }, writer)
        this.#grant(0, author)
        break
      case 'group.settings':
        if (op.mode) this.#set('mode', op.mode)
        if (op.visibility) this.#set('visibility', op.visibility)
        break
      case 'member.add':
        this.#addMember({ identity: op.member, role: op.role, device: op.device, sealKey: op.sealKey, writers: new Set(), mutedUntil: 0 }, op.writer)
        this.#grant(op.grant.e, op.member)
        break
      case 'member.role': {
        if (op.role === 'owner') this.#setRole(author, 'admin')
        this.#setRole(op.member, op.role)
        break
      }
      case 'member.remove':
        this.#removeMember(op.member)
        break
      case 'member.leave':
        this.#removeMember(author)
        break
      case 'member.mute': {
        const member = this.members.get(op.member)
        if (member) {
          const before = member.mutedUntil
          member.mutedUntil = op.until
          this.#steps.push(() => (member.mutedUntil = before))
        }
        break
      }
      case 'epoch.rotate':
        this.#set('epoch', op.e)
        for (const { m } of op.keys) this.#grant(op.e, m)
        break
      case 'epoch.grant':
        this.#grant(op.e, op.m)
        break
      case 'news.vote': {
        const key = `${op.target}:${author}`
        if (op.on && !this.newsVotes.has(key)) {
          this.newsVotes.add(key)
          this.#steps.push(() => this.newsVotes.delete(key))
        } else if (!op.on && this.newsVotes.has(key)) {
          this.newsVotes.delete(key)
          this.#steps.push(() => this.newsVotes.add(key))
        }
        break
      }
      case 'news.feed.remove': {
        // A removed feed is marked `deleted`: its imports are refused from then on.
        const feed = this.ops.get(op.feed)
        if (feed && !feed.deleted) {
          feed.deleted = true
          this.#steps.push(() => (feed.deleted = false))
        }
        break
      }
      case 'relay.add': {
        const before = this.relays.get(op.relay)
        this.relays.set(op.relay, { op: op.id, author, box: op.box })
        this.#steps.push(() => (before ? this.relays.set(op.relay, before) : this.relays.delete(op.relay)))
        break
      }
      case 'relay.remove': {
        const before = this.relays.get(op.relay)
        if (before) {
          this.relays.delete(op.relay)
          this.#steps.push(() => this.relays.set(op.relay, before))
        }
        break
      }
      case 'folder.create':
        this.folders.set(op.folder, { op: op.id, author, box: op.box, boxOp: op.id, boxType: 'folder.create', gen: 0, keyEpoch: op.box.e, removed: false })
        this.#steps.push(() => this.folders.delete(op.folder))
        break
      case 'folder.reseal':
        this.#sealFolder(op.folder, { box: op.box, boxOp: op.id, boxType: 'folder.reseal' })
        break
      case 'folder.rekey':
        this.#sealFolder(op.folder, { box: op.box, boxOp: op.id, boxType: 'folder.rekey', gen: op.gen, keyEpoch: op.box.e })
        break
      case 'folder.remove': {
        const folder = this.folders.get(op.folder)
        if (folder && !folder.removed) {
          folder.removed = true
          this.#steps.push(() => (folder.removed = false))
        }
        break
      }
      case 'folder.drive': {
        const gen = op.gen ?? 0
        const key = `${op.folder}:${gen}:${author}`
        const before = this.folderDrives.get(key)
        this.folderDrives.set(key, op.drive)
        this.#steps.push(() => (before === undefined ? this.folderDrives.delete(key) : this.folderDrives.set(key, before)))
        if (!this.folderDriveOwners.has(op.drive)) {
          this.folderDriveOwners.set(op.drive, { identity: author, slot: `${op.folder}:${gen}` })
          this.#steps.push(() => this.folderDriveOwners.delete(op.drive))
        }
        break
      }
      case 'message.delete': {
        const target = this.ops.get(op.target)
        if (target && !target.deleted) {
          target.deleted = true
          this.#steps.push(() => (target.deleted = false))
        }
        break
      }
      default:
        break
    }
    this.#undo.push(this.#steps)
  }

  #set<K extends 'created' | 'mode' | 'visibility' | 'epoch'>(field: K, value: this[K]): void {
    const before = this[field]
    this[field] = value
    this.#steps.push(() => (this[field] = before))
  }

  #setOp(id: string, info: OpInfo): void {
    this.ops.set(id, info)
    this.#steps.push(() => this.ops.delete(id))
  }

  #sealFolder(id: string, change: Partial<GroupFolder>): void {
    const folder = this.folders.get(id)
    if (!folder) return
    const before = { box: folder.box, boxOp: folder.boxOp, boxType: folder.boxType, gen: folder.gen, keyEpoch: folder.keyEpoch }
    Object.assign(folder, change)
    this.#steps.push(() => Object.assign(folder, before))
  }

  #grant(epoch: number, identity: string): void {
    const key = `${epoch}:${identity}`
    if (this.keyHolders.has(key)) return
    this.keyHolders.add(key)
    this.#steps.push(() => this.keyHolders.delete(key))
  }

  #addMember(member: GroupMember, writer: string): void {
    const existing = this.members.get(member.identity)
    if (existing) this.#steps.push(() => this.members.set(member.identity, existing))
    else this.#steps.push(() => this.members.delete(member.identity))
    member.writers.add(writer)
    this.members.set(member.identity, member)
    const owner = this.writers.get(writer)
    this.writers.set(writer, member.identity)
    this.#steps.push(() => (owner === undefined ? this.writers.delete(writer) : this.writers.set(writer, owner)))
  }

  #setRole(identity: string, role: GroupRole): void {
    const member = this.members.get(identity)
    if (!member) return
    const before = member.role
    member.role = role
    this.#steps.push(() => (member.role = before))
  }

  #removeMember(identity: string): void {
    const member = this.members.get(identity)
    if (!member) return
    this.members.delete(identity)
    this.#steps.push(() => this.members.set(identity, member))
    // Their drive announcements, of every generation, no longer count (a re-admitted member announces again).
    for (const [key, drive] of [...this.folderDrives]) {
      if (!key.endsWith(`:${identity}`)) continue
      this.folderDrives.delete(key)
      this.#steps.push(() => this.folderDrives.set(key, drive))
    }
  }
}
