import { watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { Resource } from '../resource'
import { lstatOrNull } from './disk-writer'

export interface DirWatcherOptions {
  root: string
  /** Paths (relative, '/'-separated) never reported nor entered: the engine's temp files. */
  ignored: (rel: string) => boolean
  /** Something at `rel` changed (created, written, removed, renamed); '' or a directory: look at all of it. */
  onPath: (rel: string) => void
  onError: (err: NodeJS.ErrnoException) => void
  /** Node's recursive watch (FSEvents, ReadDirectoryChangesW) instead of a watch per directory. Default: everywhere but Linux. */
  recursive?: boolean
}

/**
 * Tells the engine which paths of its folder changed; the engine looks at them
 * itself (lstat, the local index), so this only has to name them.
 *
 * Why not chokidar: it keeps its own copy of the tree, watches every file as
 * well as every directory, and re-reads a whole directory (readdir + an lstat
 * per entry) on any event in it. While the engine writes a thousand received
 * files, that was more CPU than receiving them. Here, on Linux (where Node's
 * recursive watch is a JS emulation that stats every file), one inotify watch
 * per directory, added when a directory appears and dropped when it goes; on
 * macOS and Windows Node's native recursive watch. Nothing is read on an event
 * but one lstat of a renamed name (is it a new directory to watch?).
 */
export class DirWatcher extends Resource {
  readonly #o: DirWatcherOptions
  /** Per directory (relative path, '' the root) on Linux; just '' when recursive. */
  readonly #watchers = new Map<string, FSWatcher>()
  /** Directories being added (the walk is async): events under them are still reported. */
  #adding: Promise<void> = Promise.resolve()

  constructor(options: DirWatcherOptions) {
    super()
    this.#o = options
  }

  get #recursive(): boolean {
    return this.#o.recursive ?? process.platform !== 'linux'
  }

  protected async _open(): Promise<void> {
    if (this.#recursive) {
      this.#watch('', true)
      return
    }
    await this.#addTree('')
  }

  protected async _close(): Promise<void> {
    await this.#adding.catch(() => undefined)
    for (const w of this.#watchers.values()) w.close()
    this.#watchers.clear()
  }

  #watch(rel: string, recursive: boolean): void {
    if (this.closing || this.#watchers.has(rel)) return
    let watcher: FSWatcher
    try {
      // Not persistent: a watcher alone does not keep the process alive (the engine closes it anyway).
      watcher = watch(rel === '' ? this.#o.root : join(this.#o.root, ...rel.split('/')), { persistent: false, recursive }, (event, name) =>
        this.#onEvent(rel, event, name),
      )
    } catch (err) {
      // Gone already (its parent's event will say so), or out of watches (ENOSPC: the periodic rescan still sees changes).
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.#o.onError(err as NodeJS.ErrnoException)
      return
    }
    watcher.on('error', (err: NodeJS.ErrnoException) => {
      this.#drop(rel)
      // A watched directory that was removed can end its watch with an error; that is no news.
      if (err.code !== 'ENOENT' && err.code !== 'EPERM') this.#o.onError(err)
    })
    this.#watchers.set(rel, watcher)
  }

  #onEvent(dir: string, event: string, name: string | Buffer | null): void {
    if (this.closing) return
    if (name === null) {
      // The platform did not say what changed: the whole directory.
      this.#o.onPath(dir)
      return
    }
    const sub = name.toString().split(sep).join('/')
    const rel = dir === '' ? sub : `${dir}/${sub}`
    if (this.#o.ignored(rel)) return
    this.#o.onPath(rel)
    // A name appeared or went: a new directory needs its own watch, a removed one loses its watches.
    if (event === 'rename' && !this.#recursive) this.#adding = this.#adding.then(() => this.#renamed(rel)).catch((err: NodeJS.ErrnoException) => this.#o.onError(err))
  }

  async #renamed(rel: string): Promise<void> {
    // A watched directory whose name changed hands (removed, made again, another moved over it): its
    // watches follow the old directory, so they go, and whatever is there now is watched afresh.
    if (this.#watchers.has(rel)) {
      for (const watched of [...this.#watchers.keys()]) if (watched === rel || watched.startsWith(`${rel}/`)) this.#drop(watched)
    }
    const st = await lstatOrNull(join(this.#o.root, ...rel.split('/')))
    if (!st?.isDirectory()) return
    await this.#addTree(rel)
    // What was written in it before its watch was set is seen by looking at it once more, now.
    this.#o.onPath(rel)
  }

  #drop(rel: string): void {
    this.#watchers.get(rel)?.close()
    this.#watchers.delete(rel)
  }

  /** Watch `start` and every directory under it (not through symlinks, not into ignored names). */
  async #addTree(start: string): Promise<void> {
    const stack = [start]
    // Bounded by the tree: each directory is taken once (a watched one is not entered again).
    while (stack.length > 0 && !this.closing) {
      const rel = stack.pop()!
      if (this.#watchers.has(rel)) continue
      this.#watch(rel, false)
      let entries
      try {
        entries = await readdir(rel === '' ? this.#o.root : join(this.#o.root, ...rel.split('/')), { withFileTypes: true })
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'ENOENT' && code !== 'ENOTDIR') this.#o.onError(err as NodeJS.ErrnoException)
        continue
      }
      for (const e of entries) {
        const child = rel === '' ? e.name : `${rel}/${e.name}`
        if (e.isDirectory() && !this.#o.ignored(child)) stack.push(child)
      }
    }
  }
}
