import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import Autobase from 'autobase'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import type { GroupOp, GroupOpOf } from '../shared/domain/group-ops'
import { newEpochKey, sealContent, sealEpochKey } from '../main/core/groups/epoch-crypto'
import { GroupProjection } from '../main/core/groups/group-projection'
import { groupRules } from '../main/core/groups/group-rules'
import type { GroupEntry, GroupState } from '../main/core/groups/group-state'
import { deviceCertMessage, fromHex, groupMemberMessage, hex, signWith } from '../main/core/spaces/certs'
import type { SpaceProjection } from '../main/core/spaces/space'
import { Space } from '../main/core/spaces/space'
import type { SpaceRules } from '../main/core/spaces/space-rules'
import { createTestVault } from '../test/helpers/core'
import { installNetworkGuard } from '../test/helpers/network-guard'
import type { BenchResult, BenchSuite, IoStats } from './bench-kit'
import { ioText, median, storeStats } from './bench-kit'

/**
 * What a group's catch-up costs: a fresh member device replicating a group's
 * writer cores, running every op through the real apply (Space → Autobase →
 * groupRules) and the real projection (GroupProjection, sealed content opened
 * with the epoch key, rows in a SQLCipher vault). Everything runs in this
 * process: every device is a Corestore of its own, setup traffic goes over
 * in-memory replication streams and every timed replication over a TCP
 * connection on 127.0.0.1 (the test network guard is installed too).
 *
 * The group: an owner (the only indexer, as in every group without other
 * admins), member writers, and fresh members admitted at setup (so the epoch
 * key reaches them before the messages) whose devices stay offline. Once the
 * writers are in, the owner goes offline: the messages are then never
 * signed, so a fresh member applies every one of them itself (with the
 * owner online, Autobase would fast-forward a fresh device to the signed
 * view and skip apply for everything before the checkpoint; the suite
 * counts the rules' checks on the fresh device and reports any fast-forward).
 * One writer (W1) is the hub the others replicate through, and the only peer
 * the fresh member connects to. Messages are sealed `message.post` ops,
 * appended one per Autobase append as people send them.
 *
 * 1. Apply/projection rate, 10 writers vs 1 (goal ≥ 0.7×): the same
 *    GROUP_OPS messages written by one member, or 1/10 each by ten members
 *    writing at the same time (each sees the others' messages through the
 *    hub as they come, as in a conversation). Timed from the fresh member's
 *    connection until its projection holds the whole view (every message
 *    opened in its vault). Two fresh members per group, caught up in the
 *    order 1, 10, 10, 1 so a burst of load hits both alike; the rate is
 *    GROUP_OPS / the mean time.
 * 2. Catch-up of CATCHUP_OPS messages by CATCHUP_WRITERS writer(s), against
 *    raw hypercore replication of one core with as many blocks and bytes as
 *    the writers' cores gained, between two Corestores over the same kind of
 *    TCP loopback connection: median of 3 fresh readers (2 before ours, 1
 *    after). No goal; the ratio is raw time / ours.
 *
 * Sizes: PLANET_BENCH_GROUP_OPS (5 000), PLANET_BENCH_GROUP_CATCHUP (50 000),
 * PLANET_BENCH_GROUP_CATCHUP_WRITERS (1). PLANET_BENCH_GROUP_OWNER=online
 * keeps the owner online while the messages are written, so they are signed
 * and the fresh members fast-forward instead of applying (what a new member
 * of a group with an online admin does); the rows are then named so.
 */

/** Bad sizes from the environment: the suite refuses to run (not the import, which would stop every suite). */
const badSizes: string[] = []

/** A positive whole number from the environment, or the default. */
function size(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (Number.isInteger(value) && value >= 1) return value
  badSizes.push(`${name} must be a whole number ≥ 1, not ${process.env[name]}`)
  return fallback
}

const GROUP_OPS = size('PLANET_BENCH_GROUP_OPS', 5_000)
const MANY_WRITERS = 10
const CATCHUP_OPS = size('PLANET_BENCH_GROUP_CATCHUP', 50_000)
const CATCHUP_WRITERS = size('PLANET_BENCH_GROUP_CATCHUP_WRITERS', 1)
const OWNER_ONLINE = process.env.PLANET_BENCH_GROUP_OWNER === 'online'
const RATE_GOAL = 0.7
const RAW_ROUNDS = 3
const CATCHUP_TIMEOUT_MS = size('PLANET_BENCH_GROUP_TIMEOUT', 600_000)
const STEP_TIMEOUT_MS = 60_000
/** PLANET_BENCH_LOG=1 prints Autobase errors and rejected ops. */
const VERBOSE = process.env.PLANET_BENCH_LOG === '1'

const now = (): number => Number(process.hrtime.bigint()) / 1e6

function log(message: string): void {
  process.stderr.write(`  groups: ${message}\n`)
}

function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Poll `check` (awaiting it) every `pollMs` until it holds. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = STEP_TIMEOUT_MS, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

// ── people and devices ───────────────────────────────────────────────────

interface KeyPair {
  publicKey: Uint8Array
  secretKey: Uint8Array
}

/** A person with real keys: Ed25519 identity (signs ops and certificates), X25519 sealing key (epoch keys are sealed to it). */
interface Person {
  name: string
  identity: KeyPair
  sealing: KeyPair
  id: string
  device: Buffer
  deviceCert: string
}

function newPerson(name: string): Person {
  const secretKey = ed25519.utils.randomSecretKey()
  const publicKey = ed25519.getPublicKey(secretKey)
  const sealSecret = x25519.utils.randomSecretKey()
  const device = randomBytes(32)
  return {
    name,
    identity: { publicKey, secretKey },
    sealing: { publicKey: x25519.getPublicKey(sealSecret), secretKey: sealSecret },
    id: hex(publicKey),
    device,
    deviceCert: hex(signWith(deviceCertMessage(publicKey, device), secretKey)),
  }
}

/** Where a setup device's projection would be: its length only (the timed devices use GroupProjection). */
class LengthProjection implements SpaceProjection<GroupEntry> {
  readonly #lengths = new Map<string, number>()

  project(space: string, from: number, entries: GroupEntry[]): void {
    this.#lengths.set(space, from + entries.length)
  }

  rollback(space: string, from: number): void {
    this.#lengths.set(space, Math.min(from, this.projectedLength(space)))
  }

  projectedLength(space: string): number {
    return this.#lengths.get(space) ?? 0
  }
}

/** Autobase's 'fast-forward' event, which holepunch.d.ts does not declare. */
interface FastForwardEvents {
  on(event: 'fast-forward', listener: (to: number, from: number) => void): unknown
}

interface DeviceOptions {
  dir: string
  person: Person
  /** null: this device creates the group. */
  groupKey: string | null
  encryptionKey: Buffer
  projection: SpaceProjection<GroupEntry>
  onProjected?: () => void
}

/** One device: its own Corestore (in the group's namespace, as the app's sessions use) and the group's Space on it. */
class Device {
  readonly person: Person
  readonly root: Corestore
  readonly store: Corestore
  space!: Space<GroupEntry>
  /** Ops this device's rules checked (every node apply saw, re-applies after a reorder included). */
  checks = 0
  rejected = 0
  fastForwards: Array<{ from: number; to: number }> = []

  constructor(dir: string, person: Person) {
    this.person = person
    this.root = new Corestore(dir)
    this.store = this.root.namespace('group')
  }

  /** This device's writer key in the group, known before it joins (as groups.join's membership request does). */
  async writerKey(): Promise<string> {
    const local = Autobase.getLocalCore(this.store)
    await local.ready()
    const key = hex(local.key)
    await local.close()
    return key
  }

  async open(options: Omit<DeviceOptions, 'dir' | 'person'>): Promise<void> {
    const rules: SpaceRules<GroupEntry, GroupState> = {
      ...groupRules,
      check: (identity, state, writer, author, op) => {
        this.checks++
        return groupRules.check(identity, state, writer, author, op)
      },
    }
    this.space = new Space<GroupEntry>({
      store: this.store,
      key: options.groupKey === null ? null : fromHex(options.groupKey),
      encryptionKey: options.encryptionKey,
      kind: 'group',
      rules,
      projection: options.projection,
      onRejected: (reason) => {
        this.rejected++
        if (VERBOSE) log(`${this.person.name} rejected an op: ${reason}`)
      },
      ...(options.onProjected ? { onProjected: options.onProjected } : {}),
      ...(VERBOSE ? { log: (message: string, data?: unknown) => log(`${this.person.name}: ${message} ${String(data ?? '')}`) } : {}),
    })
    await this.space.ready()
    ;(this.space.base as unknown as FastForwardEvents).on('fast-forward', (to, from) => this.fastForwards.push({ from, to }))
  }

  /** This device's writer core (hypercore has `byteLength`; holepunch.d.ts does not declare it). */
  get local(): Hypercore & CoreLengths {
    return this.space.base.local as Hypercore & CoreLengths
  }

  async close(): Promise<void> {
    await this.space?.close().catch(() => undefined)
    await this.root.close().catch(() => undefined)
  }
}

// ── replication ──────────────────────────────────────────────────────────

/** Replicate two Corestores over an in-memory stream pair (setup only); returns the disconnect. */
function pipeStores(a: Corestore, b: Corestore): () => void {
  const left = a.replicate(true)
  const right = b.replicate(false)
  left.on('error', () => undefined)
  right.on('error', () => undefined)
  left.pipe(right).pipe(left)
  return () => {
    left.destroy()
    right.destroy()
  }
}

/** A TCP server on 127.0.0.1 replicating `store` to whoever connects. */
class LoopbackServer {
  readonly #server: net.Server
  readonly #streams = new Set<Duplex>()

  constructor(store: Corestore) {
    this.#server = net.createServer((socket) => {
      socket.setNoDelay(true)
      const stream = store.replicate(false)
      this.#streams.add(stream)
      socket.on('error', () => undefined)
      stream.on('error', () => undefined)
      stream.on('close', () => this.#streams.delete(stream))
      socket.pipe(stream).pipe(socket)
    })
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(0, '127.0.0.1', resolve)
    })
    return (this.#server.address() as net.AddressInfo).port
  }

  async close(): Promise<void> {
    for (const stream of this.#streams) stream.destroy()
    await new Promise((resolve) => this.#server.close(resolve))
  }
}

/** Connect `store` to a LoopbackServer; resolves with the time the TCP connection was up, and the disconnect. */
async function dial(store: Corestore, port: number): Promise<{ connectedAt: number; close: () => void }> {
  const socket = net.connect({ host: '127.0.0.1', port })
  socket.setNoDelay(true)
  const stream = store.replicate(true)
  socket.on('error', () => undefined)
  stream.on('error', () => undefined)
  const connectedAt = await new Promise<number>((resolve, reject) => {
    socket.once('connect', () => resolve(now()))
    socket.once('error', reject)
  })
  socket.pipe(stream).pipe(socket)
  return {
    connectedAt,
    close: () => {
      stream.destroy()
      socket.destroy()
    },
  }
}

// ── a group, written ─────────────────────────────────────────────────────

interface CoreLengths {
  length: number
  byteLength: number
}

interface WrittenGroup {
  label: string
  key: string
  encryptionKey: Buffer
  /** Serves every core (it holds all of them): the fresh members' only peer. */
  hub: Device
  /** Members admitted at setup whose devices have not synced anything yet. */
  fresh: Array<{ person: Person; dir: string }>
  /** The hub's view length once every message is applied: what a caught-up device must project. */
  viewLength: number
  /** What the writers' cores gained with the messages. */
  gained: CoreLengths
  ops: number
  writers: number
}

/** Where the writers' ops' text comes from: about what a short chat line costs (sealed, signed, enveloped: ~650 bytes a block). */
function chatLine(writer: number, i: number): string {
  return `message ${i} from writer ${writer}: ${randomBytes(24).toString('base64')}`
}

/**
 * Build a group: owner, `writerCount` member writers, `freshCount` fresh
 * members; the owner admits everyone, the writers sync through W1 (the hub),
 * the owner signs the setup and goes offline (unless OWNER_ONLINE: then after
 * signing the messages too), the writers append `ops` sealed messages between
 * them (one op per append, concurrently across writers) and the hub gathers
 * them all. Only the hub stays open.
 */
async function writeGroup(dir: string, label: string, writerCount: number, ops: number, freshCount: number): Promise<WrittenGroup> {
  const owner = new Device(join(dir, 'owner'), newPerson(`${label}-owner`))
  const writers = Array.from({ length: writerCount }, (_, i) => new Device(join(dir, `writer-${i + 1}`), newPerson(`${label}-W${i + 1}`)))
  const fresh = Array.from({ length: freshCount }, (_, i) => ({ person: newPerson(`${label}-F${i + 1}`), dir: join(dir, `fresh-${i + 1}`) }))
  const disconnects: Array<() => void> = []
  const hub = writers[0]!
  try {
    const encryptionKey = randomBytes(32)
    const epochKey = newEpochKey()
    await owner.open({ groupKey: null, encryptionKey, projection: new LengthProjection() })
    const key = owner.space.key
    const base = () => ({ id: randomBytes(16).toString('hex'), at: Date.now(), sp: key })
    const me = owner.person
    const create: GroupOpOf<'group.create'> = {
      ...base(),
      t: 'group.create',
      mode: 'chat',
      visibility: 'private',
      device: hex(me.device),
      deviceCert: me.deviceCert,
      sealKey: hex(me.sealing.publicKey),
      keys: [{ m: me.id, k: sealEpochKey(epochKey, me.sealing.publicKey) }],
    }
    await owner.space.append(create, me.identity)

    // Admit the writers and the fresh members: their own signed requests, the owner's member.add.
    const discoveryKey = owner.space.discoveryKey
    const admit = (person: Person, writer: string): GroupOp => ({
      ...base(),
      t: 'member.add',
      member: person.id,
      device: hex(person.device),
      writer,
      deviceCert: person.deviceCert,
      sealKey: hex(person.sealing.publicKey),
      memberSig: hex(signWith(groupMemberMessage(discoveryKey, person.identity.publicKey, person.device, fromHex(writer), person.sealing.publicKey), person.identity.secretKey)),
      role: 'member',
      grant: { e: 0, k: sealEpochKey(epochKey, person.sealing.publicKey) },
    })
    const adds: GroupOp[] = []
    for (const writer of writers) adds.push(admit(writer.person, await writer.writerKey()))
    for (const member of fresh) {
      const device = new Device(member.dir, member.person)
      adds.push(admit(member.person, await device.writerKey()))
      await device.root.close()
    }
    await owner.space.append(adds, me.identity)
    await owner.space.flush()
    const members = (owner.space.state as GroupState).memberCount
    if (members !== 1 + writerCount + freshCount) throw new Error(`${label}: the owner's rules hold ${members} members, expected ${1 + writerCount + freshCount}`)

    // The writers sync (owner — hub — everyone else) until they can write and the setup is signed.
    for (const writer of writers) await writer.open({ groupKey: key, encryptionKey, projection: new LengthProjection() })
    const ownerLink = pipeStores(owner.root, hub.root)
    for (const writer of writers.slice(1)) disconnects.push(pipeStores(hub.root, writer.root))
    await until(`${label}: every writer to be writable`, () => writers.every((writer) => writer.space.writable))
    await until(`${label}: the setup to be signed on the hub`, async () => {
      await hub.space.base.update()
      return hub.space.signedLength >= owner.space.viewLength && owner.space.signedLength === owner.space.viewLength
    })
    if (!OWNER_ONLINE) {
      ownerLink()
      await owner.close()
    }

    const before = writers.map((writer) => ({ length: writer.local.length, byteLength: writer.local.byteLength }))
    const startLength = hub.space.viewLength
    const writeStart = now()
    await Promise.all(
      writers.map(async (writer, w) => {
        const count = Math.floor(ops / writerCount) + (w < ops % writerCount ? 1 : 0)
        for (let i = 0; i < count; i++) {
          const header = base()
          const box = sealContent({ text: chatLine(w + 1, i) }, 0, epochKey, { space: key, opId: header.id, type: 'message.post' })
          const op: GroupOpOf<'message.post'> = { ...header, t: 'message.post', ch: 'chat', box }
          await writer.space.append(op, writer.person.identity)
        }
      }),
    )
    const appendedMs = now() - writeStart
    await until(
      `${label}: the hub to apply every message`,
      async () => {
        await hub.space.flush()
        return hub.space.viewLength >= startLength + ops
      },
      CATCHUP_TIMEOUT_MS,
      100,
    )
    const gathered = now() - writeStart
    const gained = writers.reduce<CoreLengths>(
      (sum, writer, i) => ({ length: sum.length + writer.local.length - before[i]!.length, byteLength: sum.byteLength + writer.local.byteLength - before[i]!.byteLength }),
      { length: 0, byteLength: 0 },
    )
    if (OWNER_ONLINE) {
      await until(`${label}: the messages to be signed`, async () => {
        await hub.space.base.update()
        return hub.space.signedLength === hub.space.viewLength
      }, CATCHUP_TIMEOUT_MS, 100)
      ownerLink()
      await owner.close()
    }
    const viewLength = hub.space.viewLength
    if (viewLength !== startLength + ops) throw new Error(`${label}: the hub's view grew by ${viewLength - startLength}, expected ${ops}`)
    const rejected = writers.reduce((sum, writer) => sum + writer.rejected, 0)
    log(
      `${label}: ${writerCount} writer(s) appended ${ops} messages in ${(appendedMs / 1000).toFixed(1)} s, all on the hub after ${(gathered / 1000).toFixed(1)} s ` +
        `(setup, not timed; the hub's rules checked ${hub.checks} ops); writer cores gained ${gained.length} blocks, ${(gained.byteLength / 1e6).toFixed(2)} MB; view ${viewLength} entries` +
        (rejected ? `; ${rejected} rejected` : ''),
    )
    for (const disconnect of disconnects.splice(0)) disconnect()
    for (const writer of writers.slice(1)) await writer.close()
    return { label, key, encryptionKey, hub, fresh, viewLength, gained, ops, writers: writerCount }
  } catch (error) {
    for (const disconnect of disconnects) disconnect()
    await owner.close()
    for (const writer of writers) await writer.close()
    throw error
  }
}

// ── a fresh member catching up ───────────────────────────────────────────

interface CatchUp {
  ms: number
  checks: number
  /** How many view entries the fresh device's rules state covers (Space rebuilds it from the view only inside apply). */
  stateLength: number
  fastForwards: Array<{ from: number; to: number }>
  io: IoStats
}

/**
 * Fresh member `index` of `group` opens the group (a new Corestore, a new
 * SQLCipher vault), connects to the hub over TCP on 127.0.0.1, and is timed
 * from the connection until its projection holds the hub's whole view. Then
 * its vault is checked: every message there, opened.
 */
async function catchUp(group: WrittenGroup, index: number): Promise<CatchUp> {
  const { person, dir } = group.fresh[index]!
  const { vault, cleanup } = await createTestVault('planet-bench-groups-vault-')
  const db = vault.db
  db.prepare("INSERT INTO spaces (key, kind, namespace, encryption_key, peer_id, created_at) VALUES (?, 'group', ?, ?, NULL, ?)").run(
    group.key,
    `group/${group.key}`,
    hex(group.encryptionKey),
    Date.now(),
  )
  let badContent = 0
  const projection = new GroupProjection({
    db: () => db,
    me: () => ({ identity: person.id, sealing: person.sealing }),
    afterEntries: () => undefined,
    onBadContent: () => badContent++,
  })
  const device = new Device(dir, person)
  const server = new LoopbackServer(group.hub.root)
  let connection: { connectedAt: number; close: () => void } | null = null
  try {
    let notify = (): void => undefined
    await device.open({ groupKey: group.key, encryptionKey: group.encryptionKey, projection, onProjected: () => notify() })
    const target = group.viewLength
    const done = new Promise<number>((resolve) => {
      const test = (): void => {
        if (projection.projectedLength(group.key) < target) return
        clearInterval(poll)
        resolve(now())
      }
      notify = test
      const poll = setInterval(test, 20)
    })
    const port = await server.listen()
    const io = storeStats(device.root)
    connection = await dial(device.root, port)
    const doneAt = await withTimeout(`${person.name} to catch up`, done, CATCHUP_TIMEOUT_MS)
    const ms = doneAt - connection.connectedAt
    const counted = io()

    const counts = db.prepare('SELECT COUNT(*) AS total, SUM(sealed) AS sealed FROM space_messages WHERE space = ?').get(group.key) as { total: number; sealed: number | null }
    if (counts.total !== group.ops || (counts.sealed ?? 0) !== 0 || badContent !== 0) {
      throw new Error(`${person.name} holds ${counts.total} of ${group.ops} messages (${counts.sealed ?? 0} still sealed, ${badContent} bad) after catching up`)
    }
    return { ms, checks: device.checks, stateLength: device.space.state.length, fastForwards: device.fastForwards, io: counted }
  } finally {
    connection?.close()
    await server.close()
    await device.close()
    await cleanup()
  }
}

function catchUpText(group: WrittenGroup, result: CatchUp): string {
  const ff = result.fastForwards.length
    ? `, fast-forwarded (system core ${result.fastForwards.map((f) => `${f.from}→${f.to}`).join(', ')}); its rules' state covers ${result.stateLength} of the ${group.viewLength} entries`
    : ', no fast-forward'
  return (
    `${(result.ms / 1000).toFixed(2)} s (${((group.ops / result.ms) * 1000).toFixed(0)} ops/s, ${(group.gained.byteLength / 1e6 / (result.ms / 1000)).toFixed(2)} MB/s); ` +
    `rules checked ${result.checks} ops for a view of ${group.viewLength}${ff}; its corestore did ${ioText(result.io, group.gained.length)}`
  )
}

// ── raw hypercore, the same bytes ────────────────────────────────────────

/** Block sizes adding up to exactly `byteLength` over `length` blocks. */
function blocksLike({ length, byteLength }: CoreLengths): Buffer[] {
  const base = Math.floor(byteLength / length)
  const extra = byteLength % length
  return Array.from({ length }, (_, i) => randomBytes(base + (i < extra ? 1 : 0)))
}

/** A fresh reader downloads the whole core from `writer` over TCP on 127.0.0.1: ms from connection until `download().done()`. */
async function rawCatchUp(dir: string, writer: Corestore, core: Hypercore): Promise<{ ms: number; io: IoStats }> {
  const reader = new Corestore(dir)
  const server = new LoopbackServer(writer)
  let connection: { connectedAt: number; close: () => void } | null = null
  try {
    const replica = reader.get({ key: core.key })
    await replica.ready()
    const download = replica.download({ start: 0, end: core.length })
    const port = await server.listen()
    const io = storeStats(reader)
    connection = await dial(reader, port)
    await withTimeout('raw catch-up', download.done(), CATCHUP_TIMEOUT_MS)
    const ms = now() - connection.connectedAt
    const counted = io()
    if (!(await replica.has(0, core.length))) throw new Error('raw reader is missing blocks')
    return { ms, io: counted }
  } finally {
    connection?.close()
    await server.close()
    await reader.close().catch(() => undefined)
  }
}

// ── the suite ────────────────────────────────────────────────────────────

const suite: BenchSuite = {
  name: 'groups',
  async run() {
    if (badSizes.length > 0) throw new Error(badSizes.join('; '))
    // Loopback only: every socket here is 127.0.0.1, and the tests' guard
    // (installed for the rest of the process; it only ever lets loopback
    // through, which is all the other suites use) refuses anything else.
    installNetworkGuard()
    const dir = await mkdtemp(join(tmpdir(), 'planet-bench-groups-'))
    const open: WrittenGroup[] = []
    const raw: Array<{ close(): Promise<void> }> = []
    try {
      // ── 1. 10 writers vs 1 writer, same ops ────────────────────────────
      const one = await writeGroup(join(dir, 'one'), '1 writer', 1, GROUP_OPS, 2)
      open.push(one)
      const many = await writeGroup(join(dir, 'many'), `${MANY_WRITERS} writers`, MANY_WRITERS, GROUP_OPS, 2)
      open.push(many)
      const oneRuns: CatchUp[] = []
      const manyRuns: CatchUp[] = []
      for (const [group, runs, index] of [
        [one, oneRuns, 0],
        [many, manyRuns, 0],
        [many, manyRuns, 1],
        [one, oneRuns, 1],
      ] as const) {
        const result = await catchUp(group, index)
        runs.push(result)
        log(`${group.label}: fresh member ${index + 1} caught up in ${catchUpText(group, result)}`)
      }
      const mean = (runs: CatchUp[]): number => runs.reduce((sum, run) => sum + run.ms, 0) / runs.length
      const oneRate = (GROUP_OPS / mean(oneRuns)) * 1000
      const manyRate = (GROUP_OPS / mean(manyRuns)) * 1000
      const rateRatio = manyRate / oneRate
      log(`${OWNER_ONLINE ? 'fast-forward' : 'apply'} + projection: ${manyRate.toFixed(0)} ops/s with ${MANY_WRITERS} writers, ${oneRate.toFixed(0)} ops/s with 1: ${rateRatio.toFixed(2)}× (goal ≥ ${RATE_GOAL}: ${rateRatio >= RATE_GOAL ? 'met' : 'not met'})`)
      for (const group of open.splice(0)) await group.hub.close()

      // ── 2. catch-up vs raw hypercore, the same bytes ───────────────────
      const big = await writeGroup(join(dir, 'catchup'), `catch-up (${CATCHUP_WRITERS} writer${CATCHUP_WRITERS === 1 ? '' : 's'})`, CATCHUP_WRITERS, CATCHUP_OPS, 1)
      open.push(big)
      const rawWriter = new Corestore(join(dir, 'raw-writer'))
      raw.push(rawWriter)
      const rawCore = rawWriter.get({ name: 'bench' })
      await rawCore.ready()
      const blocks = blocksLike(big.gained)
      for (let i = 0; i < blocks.length; i += 1000) await rawCore.append(blocks.slice(i, i + 1000))
      const rawRuns: Array<{ ms: number; io: IoStats }> = []
      for (let round = 0; round < RAW_ROUNDS - 1; round++) rawRuns.push(await rawCatchUp(join(dir, `raw-reader-${round}`), rawWriter, rawCore))
      const ours = await catchUp(big, 0)
      log(`${big.label}: fresh member caught up in ${catchUpText(big, ours)}`)
      rawRuns.push(await rawCatchUp(join(dir, `raw-reader-${RAW_ROUNDS - 1}`), rawWriter, rawCore))
      const rawMs = median(rawRuns.map((run) => run.ms))
      const mb = big.gained.byteLength / 1e6
      log(
        `raw hypercore: ${big.gained.length} blocks, ${mb.toFixed(2)} MB in ${rawRuns.map((run) => run.ms.toFixed(0)).join(' / ')} ms (the reader's corestore did ${ioText(rawRuns[0]!.io, big.gained.length)}); median ${(rawMs / 1000).toFixed(2)} s ` +
          `(${(mb / (rawMs / 1000)).toFixed(2)} MB/s) against ours ${(ours.ms / 1000).toFixed(2)} s (${(mb / (ours.ms / 1000)).toFixed(2)} MB/s): ${(rawMs / ours.ms).toFixed(2)}×`,
      )

      return [
        {
          name: `group ${OWNER_ONLINE ? 'fast-forward+projection' : 'apply+projection'}, ${GROUP_OPS} ops, ${MANY_WRITERS} writers (fresh member catch-up)`,
          value: manyRate,
          unit: 'ops/s',
          peerName: '1 writer, same ops',
          peerValue: oneRate,
          ratio: rateRatio,
          goal: `>= ${RATE_GOAL}x 1 writer`,
          met: rateRatio >= RATE_GOAL,
        },
        {
          name: `group catch-up${OWNER_ONLINE ? ' (fast-forward)' : ''}, ${CATCHUP_OPS} ops by ${CATCHUP_WRITERS} writer(s), ${mb.toFixed(1)} MB (connected → projected)`,
          value: ours.ms,
          unit: 'ms',
          peerName: `raw hypercore, ${big.gained.length} blocks (connected → downloaded)`,
          peerValue: rawMs,
          ratio: rawMs / ours.ms,
        },
      ] satisfies BenchResult[]
    } finally {
      for (const group of open) await group.hub.close()
      for (const item of raw.reverse()) await item.close().catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    }
  },
}

export default suite
