import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Duplex } from 'node:stream'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import Hyperdrive from 'hyperdrive'
import type { BlobId, DriveEntryValue } from 'hyperdrive'
import type { FolderRecord } from '../../../shared/domain/folders'
import { FolderEngine } from './folder-engine'
import type { FolderEngineOptions, FolderRefusal } from './folder-engine'

/**
 * Several member devices of one shared folder in one process: each has its
 * own Corestore, state dir and real directory; their stores replicate over
 * piped streams (no network at all), which tests cut and re-join to make
 * edits concurrent.
 */
export interface Member {
  name: string
  store: Corestore
  /** Replaced by tests that restart a member. */
  engine: FolderEngine
  dir: string
  stateDir: string
  refusals: FolderRefusal[]
}

export class FolderMesh {
  readonly root: string
  readonly members: Member[] = []
  readonly encryptionKey = randomBytes(32)
  readonly hostiles: HostilePeer[] = []
  #streams: Duplex[] = []

  private constructor(root: string) {
    this.root = root
  }

  static async create(names: string[], options: Partial<FolderEngineOptions> = {}): Promise<FolderMesh> {
    const mesh = new FolderMesh(await mkdtemp(join(tmpdir(), 'planet-folders-')))
    for (const name of names) await mesh.add(name, options)
    await mesh.introduce()
    mesh.connect()
    return mesh
  }

  async add(name: string, options: Partial<FolderEngineOptions> = {}): Promise<Member> {
    const store = new Corestore(join(this.root, name, 'store'))
    const dir = join(this.root, name, 'files')
    const stateDir = join(this.root, name, 'state')
    const engine = new FolderEngine({
      folderId: 'test-folder',
      store,
      stateDir,
      dir,
      encryptionKey: this.encryptionKey,
      caseInsensitive: false,
      debounceMs: 50,
      retryMs: 300,
      blockTimeoutMs: 5000,
      rescanIntervalMs: 0,
      ...options,
    })
    const member: Member = { name, store, engine, dir, stateDir, refusals: [] }
    engine.events.on('refused', (r) => member.refusals.push(r))
    await engine.ready()
    this.members.push(member)
    return member
  }

  /** Every member learns every other member's drive key (what group ops will carry). */
  async introduce(): Promise<void> {
    const keys = this.members.map((m) => m.engine.driveKey)
    for (const m of this.members) await m.engine.setMembers(keys.filter((k) => !k.equals(m.engine.driveKey)))
  }

  /** A peer that writes its drive by hand, whatever it likes; every member adds its drive. */
  async addHostile(): Promise<HostilePeer> {
    const peer = await HostilePeer.create(join(this.root, `hostile-${this.hostiles.length}`), this.encryptionKey)
    this.hostiles.push(peer)
    for (const m of this.members) await m.engine.setMembers([...this.members.filter((x) => x !== m).map((x) => x.engine.driveKey), ...this.hostiles.map((h) => h.drive.key)])
    await this.disconnect()
    this.connect()
    return peer
  }

  connect(): void {
    const stores = [...this.members.map((m) => m.store), ...this.hostiles.map((h) => h.store)]
    for (let i = 0; i < stores.length; i++) {
      for (let j = i + 1; j < stores.length; j++) {
        const a = stores[i]!.replicate(true)
        const b = stores[j]!.replicate(false)
        a.pipe(b).pipe(a)
        a.on('error', () => undefined)
        b.on('error', () => undefined)
        this.#streams.push(a, b)
      }
    }
  }

  async disconnect(): Promise<void> {
    const closing = this.#streams.map((s) => new Promise((r) => (s.destroyed ? r(null) : s.once('close', r))))
    for (const s of this.#streams) s.destroy()
    this.#streams = []
    await Promise.all(closing)
  }

  member(name: string): Member {
    const m = this.members.find((x) => x.name === name)
    if (!m) throw new Error(`no member ${name}`)
    return m
  }

  async idle(): Promise<void> {
    await Promise.all(this.members.map((m) => m.engine.whenIdle()))
  }

  async close(): Promise<void> {
    await this.disconnect()
    for (const m of this.members.reverse()) {
      await m.engine.close()
      await m.store.close()
    }
    for (const h of this.hostiles) await h.close()
    await rm(this.root, { recursive: true, force: true })
  }
}

/** Wait until `check` holds (convergence, not speed: the limit only stops a hung test). */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function put(dir: string, rel: string, content: string | Buffer): Promise<void> {
  const abs = join(dir, ...rel.split('/'))
  await mkdir(dirname(abs), { recursive: true })
  await writeFile(abs, content)
}

export async function read(dir: string, rel: string): Promise<string | null> {
  try {
    return await readFile(join(dir, ...rel.split('/')), 'utf8')
  } catch {
    return null
  }
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** Every file under dir (relative, '/'-separated, sorted), the engine's temp files included so a test sees any left behind. */
export async function tree(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (rel: string): Promise<void> => {
    // A directory may vanish while we look (the engine removes emptied ones): it then has no files.
    const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' && rel !== '') return []
      throw err
    })
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) await walk(path)
      else out.push(path)
    }
  }
  await walk('')
  return out.sort()
}

export const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex')

interface FilesSub {
  put(key: string, value: DriveEntryValue): Promise<void>
}

/**
 * A member that bypasses the engine and Hyperdrive's path normalisation:
 * it writes raw keys and records into its own drive, as a malicious or
 * broken client could.
 */
export class HostilePeer {
  readonly store: Corestore
  readonly drive: Hyperdrive
  #counter = 0

  private constructor(store: Corestore, drive: Hyperdrive) {
    this.store = store
    this.drive = drive
  }

  static async create(dir: string, encryptionKey: Uint8Array): Promise<HostilePeer> {
    const store = new Corestore(join(dir, 'store'))
    const drive = new Hyperdrive(store.namespace('hostile'), null, { encryptionKey })
    await drive.ready()
    return new HostilePeer(store, drive)
  }

  get hex(): string {
    return this.drive.key.toString('hex')
  }

  /** Any key (Hyperdrive's own API would normalise '..' away), any value. */
  async putRaw(key: string, value: Partial<DriveEntryValue>): Promise<void> {
    const files = (this.drive.db as unknown as { sub(prefix: string, opts: object): FilesSub }).sub('files', { keyEncoding: 'utf-8', valueEncoding: 'json' })
    await files.put(key, { executable: false, linkname: null, blob: null, metadata: null, ...value })
  }

  /** Store content as one plain blob (no block map): its id's byteLength is the content's size. */
  async putBlob(content: Buffer): Promise<BlobId> {
    const blobs = await this.drive.getBlobs()
    return (blobs as unknown as { put(b: Buffer): Promise<BlobId> }).put(content)
  }

  /** A well-formed record for `content` under `key`, with optional lies in `overrides`. */
  async putFile(key: string, content: string | Buffer, overrides: Partial<FolderRecord> = {}): Promise<BlobId> {
    const data = Buffer.from(content)
    const blob = await this.putBlob(data)
    const now = Date.now()
    const record: FolderRecord = { v: 1, vv: { [this.hex]: ++this.#counter }, deleted: false, hash: sha256(data), size: data.byteLength, mtime: now, time: now, author: this.hex, src: null, ...overrides }
    await this.putRaw(key, { blob, metadata: record })
    return blob
  }

  async close(): Promise<void> {
    await this.drive.close()
    await this.store.close()
  }
}

/** The files a user sees: `tree` without the engine's in-flight temp files. */
export async function files(dir: string): Promise<string[]> {
  return (await tree(dir)).filter((p) => !p.split('/').some((part) => part.startsWith('.planet-tmp-')))
}

/** Hypercore's default block encryption (its own code, so the test reads blocks exactly as a peer holding a key would). */
const blockEncryption = createRequire(import.meta.url)('hypercore/lib/default-encryption.js') as {
  blockEncryptionKey(coreKey: Uint8Array, encryptionKey: Uint8Array): Buffer
  decrypt(index: number, block: Buffer, blockKey: Buffer): void
}

/**
 * One block of an encrypted core as stored and sent on the wire, decrypted with `encryptionKey`: what
 * someone holding that key (and no other) reads of it. With the wrong key, noise.
 */
export async function decryptRawBlock(core: Hypercore, index: number, encryptionKey: Uint8Array): Promise<Buffer> {
  const raw = Buffer.from((await core.get(index, { raw: true } as never)) as Buffer)
  blockEncryption.decrypt(index, raw, blockEncryption.blockEncryptionKey(core.key, encryptionKey))
  // `raw`: the stored block, its first 8 bytes the (blinded) fork id, not content.
  return raw.subarray(8)
}
