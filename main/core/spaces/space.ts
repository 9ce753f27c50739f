import Autobase from 'autobase'
import type { AutobaseHost, AutobaseNode } from 'autobase'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import { Resource } from '../resource'
import { fromHex, hex } from './certs'
import type { BaseOp, RejectReason } from './op-envelope'
import { encodeOp } from './op-envelope'
import type { RulesState, SpaceRules } from './space-rules'
import type { ViewEntry } from './space-state'

export interface SpaceView {
  /** The accepted ops, in the agreed order: what projections read. */
  log: Hypercore
}

/**
 * Turns a space's view into rows in the vault. Rows remember their source
 * position, so a reorder (Autobase truncating its unsettled tail) is undone by
 * deleting rows at or past the truncation point and projecting again.
 */
export interface SpaceProjection<E = ViewEntry> {
  /** Entries [from, from + entries.length) of the view, in one transaction with `projectedLength`. */
  project(space: string, from: number, entries: E[]): void
  /** Forget everything projected from position `from` on. */
  rollback(space: string, from: number): void
  /** How far this space was projected last time (persisted by the projection). */
  projectedLength(space: string): number
}

export type SpaceKind = 'dm' | 'group'

/** Any entry of any kind of space, as its view stores it. */
export interface AnyEntry {
  w: string
  a: string
  op: BaseOp & { t: string }
}

export interface SpaceOptions<E extends AnyEntry = AnyEntry> {
  /** A corestore namespace of this space's own. */
  store: Corestore
  /** null creates a new space (this device's writer is the bootstrap). */
  key: Uint8Array | null
  encryptionKey: Uint8Array
  kind: SpaceKind
  rules: SpaceRules<E, RulesState<E>>
  projection: SpaceProjection<E>
  onRejected?: (reason: RejectReason | string) => void
  /** After each projection pass that changed rows (the UI refreshes). */
  onProjected?: (space: string) => void
  log?: (message: string, data?: unknown) => void
}

/**
 * One space: an Autobase whose writers are its members' devices. Ops are
 * checked in `apply` (signature, membership, rules) and rejected ones are
 * skipped and counted, never thrown: a peer cannot stop the space.
 */
export class Space<E extends AnyEntry = AnyEntry> extends Resource {
  readonly kind: SpaceKind
  base!: Autobase<SpaceView>
  readonly #options: SpaceOptions<E>
  readonly #state: RulesState<E>
  /** The op id of each entry the state recorded, in view order: tells where a replaced tail starts. */
  readonly #recordedIds: string[] = []
  /** Writer blocks already counted as rejected (apply re-runs them after a reorder). */
  readonly #rejected = new Set<string>()
  #identity: { key: string; discoveryKey: string } | null = null
  #projecting: Promise<void> = Promise.resolve()
  #truncatedTo = Number.POSITIVE_INFINITY

  constructor(options: SpaceOptions<E>) {
    super()
    this.kind = options.kind
    this.#options = options
    this.#state = options.rules.newState()
  }

  /** The rules' state (members, roles, epochs…) as of the current view. */
  get state(): RulesState<E> {
    return this.#state
  }

  get key(): string {
    return hex(this.base.key)
  }

  get discoveryKey(): Buffer {
    return this.base.discoveryKey
  }

  get writable(): boolean {
    return this.base.writable
  }

  /** The key of this device's writer core in the space. */
  get localWriterKey(): string {
    return hex(this.base.local.key)
  }

  get viewLength(): number {
    return this.base.view.log.length
  }

  /** Entries up to here are signed by a quorum of indexers and never reorder. */
  get signedLength(): number {
    return this.base.view.log.signedLength
  }

  protected async _open(): Promise<void> {
    const { store, key, encryptionKey } = this.#options
    this.base = new Autobase<SpaceView>(store, key === null ? null : Buffer.from(key), {
      open: (viewStore) => ({ log: viewStore.get({ name: 'log', valueEncoding: 'json' }) }),
      apply: (nodes, view, host) => this.#apply(nodes, view, host),
      valueEncoding: 'binary',
      encryptionKey,
      ackInterval: 1000,
    })
    this.base.on('error', (error: unknown) => this.#options.log?.('autobase error', error))
    await this.base.ready()
    this.base.view.log.on('truncate', (length: number) => {
      this.#truncatedTo = Math.min(this.#truncatedTo, length)
    })
    this.base.on('update', () => this.#scheduleProjection())
    // A reorder may have happened after the last projection of an earlier
    // run; only the signed prefix is certain, so re-project what lies past it.
    const projected = this.#options.projection.projectedLength(this.key)
    this.#truncatedTo = Math.min(projected, this.signedLength)
    // Apply only runs for new nodes: on a restart (or after Autobase fast-
    // forwards to a view signed by others) the rules' state would otherwise
    // stay empty, and nobody could pass a membership check until someone wrote.
    await this.#catchUpState()
    this.#scheduleProjection()
    await this.#projecting
  }

  #record(entry: E): void {
    this.#state.record(entry)
    this.#recordedIds.push(entry.op.id)
  }

  #truncateState(length: number): void {
    this.#state.truncate(length)
    this.#recordedIds.length = length
  }

  /** Record view entries the rules' state has not seen (forward only; truncation is handled where it happens). */
  async #catchUpState(log: Hypercore = this.base.view.log): Promise<void> {
    const state = this.#state
    while (state.length < log.length) {
      const index = state.length
      const entry = (await log.get(index)) as E
      // Apply may have recorded it meanwhile.
      if (state.length === index && index < log.length) this.#record(entry)
    }
  }

  protected async _close(): Promise<void> {
    await this.#projecting.catch(() => undefined)
    await this.base.close()
  }

  /** Sign and append an op as this device's writer (the caller checked it makes sense). */
  async append<Op extends BaseOp>(op: Op | Op[], author: { publicKey: Uint8Array; secretKey: Uint8Array }): Promise<void> {
    // Several ops in one append land in one batch: nobody's op comes between
    // them (a removal and its rekey).
    await this.base.append(Array.isArray(op) ? op.map((item) => encodeOp(item, author)) : encodeOp(op, author))
  }

  /** Append raw bytes to this device's writer: for tests that play a hostile member. */
  async appendRaw(bytes: Buffer): Promise<void> {
    await this.base.append(bytes)
  }

  /** Wait until everything seen so far is projected into the vault. */
  async flush(): Promise<void> {
    await this.base.update()
    this.#scheduleProjection()
    await this.#projecting
  }

  async #apply(nodes: AutobaseNode[], view: SpaceView, host: AutobaseHost): Promise<void> {
    const state = this.#state
    // Autobase undoes the view on a reorder before re-applying, and a fast-
    // forward can replace its tail without apply running: follow it back to
    // where the state and the view agree, then forward. (Only here: outside
    // apply, entries recorded by an apply in progress are not in the view yet.)
    let agreed = Math.min(state.length, view.log.length)
    while (agreed > 0 && ((await view.log.get(agreed - 1)) as E).op.id !== this.#recordedIds[agreed - 1]) agreed--
    if (agreed < state.length) this.#truncateState(agreed)
    await this.#catchUpState(view.log)

    const identity = this.#spaceIdentity()
    const { rules } = this.#options
    // Accepted entries go to the view in one append per batch (fewer storage
    // writes on a catch-up), flushed before anything that must see them.
    const accepted: E[] = []
    const flush = async () => {
      if (accepted.length > 0) await view.log.append(accepted.splice(0))
    }
    for (const node of nodes) {
      if (node.value === null) continue
      const writer = hex(node.from.key)
      const decoded = rules.decode(node.value, identity.key)
      if (!decoded.ok) {
        this.#reject(writer, node.length, decoded.reason)
        continue
      }
      const result = rules.check(identity, state, writer, decoded.author, decoded.op)
      if (!result.ok) {
        this.#reject(writer, node.length, result.reason)
        continue
      }
      if (result.writers?.length) {
        await flush()
        for (const change of result.writers) {
          const key = fromHex(change.key)
          if (change.remove) {
            // The rules keep an owner (an indexer) in every group, so this
            // never removes the last indexer; the check guards a broken rule.
            if (host.removeable(key)) await host.removeWriter(key)
          } else await host.addWriter(key, { indexer: change.indexer })
        }
      }
      accepted.push(result.entry)
      this.#record(result.entry)
    }
    await flush()
  }

  /** Known once the base has its key; apply may run before ready() returns. */
  #spaceIdentity(): { key: string; discoveryKey: string } {
    this.#identity ??= { key: hex(this.base.key), discoveryKey: hex(this.base.discoveryKey) }
    return this.#identity
  }

  #reject(writer: string, length: number, reason: string): void {
    const id = `${writer}:${length}`
    if (this.#rejected.has(id)) return
    this.#rejected.add(id)
    this.#options.onRejected?.(reason)
  }

  #scheduleProjection(): void {
    this.#projecting = this.#projecting.then(() => this.#project()).catch((error) => this.#options.log?.('projection failed', error))
  }

  async #project(): Promise<void> {
    if (this.closing && !this.opened) return
    await this.#catchUpState()
    const { projection } = this.#options
    const space = this.key
    const log = this.base.view.log
    let from = projection.projectedLength(space)
    let changed = false
    if (this.#truncatedTo < from) {
      projection.rollback(space, this.#truncatedTo)
      from = this.#truncatedTo
      changed = true
    }
    this.#truncatedTo = Number.POSITIVE_INFINITY
    const end = log.length
    const batch = 500
    for (let start = from; start < end; start += batch) {
      const stop = Math.min(end, start + batch)
      const reads: Array<Promise<E>> = []
      for (let i = start; i < stop; i++) reads.push(log.get(i) as Promise<E>)
      const entries = await Promise.all(reads)
      // A reorder while reading: drop this pass, the next one starts over.
      if (this.#truncatedTo < stop) break
      projection.project(space, start, entries)
      changed = true
    }
    if (changed) this.#options.onProjected?.(space)
  }
}
