import type { SpaceOp } from '../../../shared/domain/ops'

/** One accepted op as the view log stores it: the writer it came from, its author, the op. */
export interface ViewEntry {
  /** Writer core key (hex). */
  w: string
  /** Author identity key (hex). */
  a: string
  op: SpaceOp
}

export interface MemberInfo {
  identity: string
  role: 'admin' | 'member'
  device: string
  writers: Set<string>
}

interface OpInfo {
  author: string
  type: SpaceOp['t']
  deleted: boolean
}

/**
 * What the rules need to know about a space, derived only from its view log
 * (so Autobase's undo-and-reapply stays deterministic). Every change pushes an
 * undo step; when Autobase truncates the view on a reorder, `truncate`
 * unwinds to the new length before apply re-runs.
 */
export class SpaceState {
  creator: string | null = null
  readonly members = new Map<string, MemberInfo>()
  readonly writers = new Map<string, string>()
  readonly ops = new Map<string, OpInfo>()
  readonly #undo: Array<Array<() => void>> = []

  get length(): number {
    return this.#undo.length
  }

  truncate(length: number): void {
    while (this.#undo.length > length) {
      const steps = this.#undo.pop()!
      for (let i = steps.length - 1; i >= 0; i--) steps[i]!()
    }
  }

  /** Record an entry already checked by the rules (or read back from the view). */
  record(entry: ViewEntry): void {
    const steps: Array<() => void> = []
    const { op, a: author, w: writer } = entry
    const opInfo: OpInfo = { author, type: op.t, deleted: false }
    this.ops.set(op.id, opInfo)
    steps.push(() => this.ops.delete(op.id))

    switch (op.t) {
      case 'space.create': {
        this.creator = author
        this.#addMember(steps, author, 'admin', '', writer)
        steps.push(() => (this.creator = null))
        break
      }
      case 'member.add':
        this.#addMember(steps, op.member, op.role, op.device, op.writer)
        break
      case 'message.delete': {
        const target = this.ops.get(op.target)
        if (target && !target.deleted) {
          target.deleted = true
          steps.push(() => (target.deleted = false))
        }
        break
      }
      default:
        break
    }
    this.#undo.push(steps)
  }

  #addMember(steps: Array<() => void>, identity: string, role: MemberInfo['role'], device: string, writer: string): void {
    let member = this.members.get(identity)
    if (!member) {
      member = { identity, role, device, writers: new Set() }
      this.members.set(identity, member)
      steps.push(() => this.members.delete(identity))
    }
    if (!member.writers.has(writer)) {
      const target = member
      target.writers.add(writer)
      this.writers.set(writer, identity)
      steps.push(() => {
        target.writers.delete(writer)
        this.writers.delete(writer)
      })
    }
  }
}
