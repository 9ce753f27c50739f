import { createHash, randomBytes } from 'node:crypto'
import type { Stats } from 'node:fs'
import { lstat, mkdir, open, readdir, realpath, rename, rmdir, stat, unlink } from 'node:fs/promises'
import { join, sep } from 'node:path'
import type { FolderRefusalReason } from '../../../shared/domain/folders'
import { foldName, TEMP_PREFIX } from './path-safety'

/** At most this much of a download is held in memory before it is written to its temp file. */
const WRITE_BATCH_BYTES = 2 ** 20

/**
 * Writes the folder's state to the bound directory without ever leaving it:
 * each directory on the way is created or checked with lstat (a symlink or a
 * file there refuses the write), the parent's realpath must stay inside the
 * folder's realpath, and content lands in a temp file beside its target that
 * is renamed over it only once complete and verified.
 */
export type DiskCheck = { ok: true } | { ok: false; reason: FolderRefusalReason }

export class DiskWriter {
  readonly root: string
  readonly caseInsensitive: boolean
  #rootReal = ''
  /** Directories checked by prepareParent since the last `forgetDirectories` (the engine forgets them on every pass). */
  readonly #verified = new Set<string>()

  constructor(root: string, caseInsensitive: boolean) {
    this.root = root
    this.caseInsensitive = caseInsensitive
  }

  async ready(): Promise<void> {
    await mkdir(this.root, { recursive: true })
    this.#rootReal = await realpath(this.root)
  }

  abs(rel: string): string {
    return join(this.root, ...rel.split('/'))
  }

  /** Does the disk holding `dir` treat names that differ only in case as the same file? */
  static async probeCaseInsensitive(dir: string): Promise<boolean> {
    await mkdir(dir, { recursive: true })
    const name = `${TEMP_PREFIX}case-${randomBytes(6).toString('hex')}`
    const file = join(dir, name)
    const handle = await open(file, 'wx')
    await handle.close()
    try {
      await stat(join(dir, name.toUpperCase()))
      return true
    } catch {
      return false
    } finally {
      await unlink(file).catch(() => undefined)
    }
  }

  /** Forget which directories were checked: the next write checks them again. */
  forgetDirectories(): void {
    this.#verified.clear()
  }

  /** Create (or check) every directory above `rel`; refuse symlinks, files in the way, case collisions, and anything resolving outside. */
  async prepareParent(rel: string): Promise<DiskCheck> {
    const parts = rel.split('/')
    const parentRel = parts.slice(0, -1).join('/')
    if (this.#verified.has(parentRel)) return { ok: true }
    let dir = this.root
    for (const part of parts.slice(0, -1)) {
      const collision = await this.#caseCollision(dir, part)
      if (collision) return { ok: false, reason: 'case-collision' }
      dir = join(dir, part)
      let st: Stats | null = null
      try {
        st = await lstat(dir)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      }
      if (st === null) await mkdir(dir)
      else if (st.isSymbolicLink()) return { ok: false, reason: 'symlink-in-path' }
      else if (!st.isDirectory()) return { ok: false, reason: 'not-a-directory' }
    }
    const real = await realpath(dir)
    if (real !== this.#rootReal && !real.startsWith(this.#rootReal + sep)) return { ok: false, reason: 'outside-folder' }
    this.#verified.add(parentRel)
    return { ok: true }
  }

  /** On a case-insensitive disk: is there another-cased twin of the target's name in its directory? */
  async checkCase(rel: string): Promise<DiskCheck> {
    const parts = rel.split('/')
    const dir = join(this.root, ...parts.slice(0, -1))
    return (await this.#caseCollision(dir, parts[parts.length - 1]!)) ? { ok: false, reason: 'case-collision' } : { ok: true }
  }

  /** The target itself: nothing there, or a regular file; never a symlink or directory; no other-cased twin. */
  async checkTarget(rel: string): Promise<DiskCheck> {
    const parts = rel.split('/')
    const dir = join(this.root, ...parts.slice(0, -1))
    if (await this.#caseCollision(dir, parts[parts.length - 1]!)) return { ok: false, reason: 'case-collision' }
    const st = await lstatOrNull(this.abs(rel))
    if (st?.isSymbolicLink()) return { ok: false, reason: 'symlink-in-path' }
    if (st && !st.isFile()) return { ok: false, reason: 'not-a-file' }
    return { ok: true }
  }

  /**
   * Could `rel` be written here? The checks of `prepareParent` and
   * `checkTarget`, without creating anything: an app upload is refused
   * before its bytes move, not when the loop comes to write it.
   */
  async checkPlace(rel: string): Promise<DiskCheck> {
    const parts = rel.split('/')
    let dir = this.root
    for (const part of parts.slice(0, -1)) {
      if (await this.#caseCollision(dir, part)) return { ok: false, reason: 'case-collision' }
      dir = join(dir, part)
      const st = await lstatOrNull(dir)
      // The rest of the way does not exist yet: it will be created, so nothing there can clash.
      if (st === null) return { ok: true }
      if (st.isSymbolicLink()) return { ok: false, reason: 'symlink-in-path' }
      if (!st.isDirectory()) return { ok: false, reason: 'not-a-directory' }
    }
    return this.checkTarget(rel)
  }

  async #caseCollision(dir: string, name: string): Promise<boolean> {
    if (!this.caseInsensitive) return false
    let names: string[]
    try {
      names = await readdir(dir)
    } catch {
      return false
    }
    if (names.includes(name)) return false
    const folded = foldName(name)
    return names.some((n) => foldName(n) === folded)
  }

  /**
   * Stream `source` into a new temp file beside `rel`, hashing as it goes.
   * Refuses (and removes the temp) when the content exceeds `size` or its
   * hash is not `hash`: a peer's record must describe its content.
   */
  async writeTemp(
    rel: string,
    source: AsyncIterable<Uint8Array>,
    expect: { size: number; hash: string; mtime: number },
    onBytes: (n: number) => void,
  ): Promise<{ ok: true; tmp: string; stat: Stats } | { ok: false; reason: FolderRefusalReason }> {
    const parts = rel.split('/')
    const tmp = join(this.root, ...parts.slice(0, -1), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`)
    const handle = await open(tmp, 'wx', 0o644)
    const hash = createHash('sha256')
    let written = 0
    let ok = false
    let st: Stats | null = null
    // Blocks are written WRITE_BATCH_BYTES at a time: each write is a trip to the thread pool, and a
    // file of a few blocks is then one write.
    const batch: Uint8Array[] = []
    let batched = 0
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return
      await handle.writev(batch.splice(0))
      batched = 0
    }
    try {
      for await (const chunk of source) {
        written += chunk.byteLength
        if (written > expect.size) break
        hash.update(chunk)
        batch.push(chunk)
        batched += chunk.byteLength
        if (batched >= WRITE_BATCH_BYTES) await flush()
        onBytes(chunk.byteLength)
      }
      ok = written === expect.size && hash.digest('hex') === expect.hash
      if (ok) await flush()
      if (ok) {
        // The version's mtime, set now (the rename keeps it and the inode), so the commit is one rename.
        const when = new Date(expect.mtime)
        await handle.utimes(when, when).catch(() => undefined)
        st = await handle.stat()
      }
    } finally {
      await handle.close()
      if (!ok) await unlink(tmp).catch(() => undefined)
    }
    return ok && st ? { ok: true, tmp, stat: st } : { ok: false, reason: 'content-mismatch' }
  }

  /** Move a finished temp file over its target. */
  async commit(tmp: string, rel: string): Promise<void> {
    await rename(tmp, this.abs(rel))
  }

  async discard(tmp: string): Promise<void> {
    await unlink(tmp).catch(() => undefined)
  }

  /** Remove a file, then the directories that this left empty (up to the folder's root). */
  async remove(rel: string): Promise<void> {
    try {
      await unlink(this.abs(rel))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    const parts = rel.split('/').slice(0, -1)
    while (parts.length > 0) {
      try {
        await rmdir(join(this.root, ...parts))
      } catch {
        break
      }
      this.#verified.delete(parts.join('/'))
      parts.pop()
    }
  }
}

export async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw err
  }
}
