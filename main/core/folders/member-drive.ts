import type Corestore from 'corestore'
import Hyperdrive from 'hyperdrive'
import type { DriveNode } from 'hyperdrive'
import { folderRecord } from '../../../shared/domain/folders'
import type { FolderRecord, FolderRefusalReason } from '../../../shared/domain/folders'
import type { Candidate, ContentLocation } from './merge'
import { checkDriveKey } from './path-safety'
import type { PathRules } from './path-safety'

const REFRESH_SPACING_MS = 50
/**
 * A refresh hands the paths it has read to the engine every this many entries, so a large index is
 * being fetched from before it is all read. Not much more often: the downloads that start then slow
 * the rest of the read (one storage read per tree node, each waiting behind their blocks).
 */
const HAND_OVER_EVERY = 1000

/** One member device's drive as the engine sees it: its current, validated records by path. */
export interface DriveRefusal {
  drive: string
  /** The canonical path when the path itself is fine (a symlink, a bad record), else the raw key. */
  key: string
  reason: FolderRefusalReason
}

export interface MemberDriveOptions {
  store: Corestore
  /** null: this device's own drive (created in the store's namespace). */
  key: Uint8Array | null
  /** How long a read waits for a block a peer should send before giving up and trying again later. */
  blockTimeoutMs: number
  encryptionKey: Uint8Array | null
  rules: PathRules
  onChange: (paths: string[]) => void
  onRefused: (refusal: DriveRefusal) => void
}

/**
 * Keeps an in-memory map of a drive's valid entries, refreshed from the
 * drive's diff each time its core grows. Everything a peer wrote is checked
 * here, once: the key must be a safe path, the entry no symlink, the metadata
 * a valid record. What fails is reported and left out, as if absent.
 */
export class MemberDrive {
  readonly drive: Hyperdrive
  readonly entries = new Map<string, Candidate>()
  #hex = ''
  #version = 0
  #refreshing: Promise<void> | null = null
  #again = false
  #closed = false
  #retry: NodeJS.Timeout | null = null
  #spacing: NodeJS.Timeout | null = null
  readonly #options: MemberDriveOptions
  readonly #onAppend = (): void => this.refresh()

  constructor(options: MemberDriveOptions) {
    this.#options = options
    this.drive = new Hyperdrive(options.store, options.key, { encryptionKey: options.encryptionKey })
  }

  get hex(): string {
    return this.#hex
  }

  async ready(): Promise<void> {
    await this.drive.ready()
    this.#hex = this.drive.key.toString('hex')
    if (this.drive.writable) {
      // Our own drive: only this engine writes it, and it records each write with `wrote` as it makes
      // it. Reading it back by diff after every append would cost a tree walk per file; read it once.
      await this.#refreshOnce()
      return
    }
    this.drive.core.on('append', this.#onAppend)
    // A writer that forked its core (truncated it) is read again from scratch (version < last read).
    this.drive.core.on('truncate', this.#onAppend)
    // A peer that (re)connects may have blocks a failed read waited for.
    this.drive.core.on('peer-add', this.#onAppend)
    // A reader learns the writer's length from peers; ask once, without waiting for one to answer.
    this.drive.update({ wait: false }).catch(() => undefined)
    this.refresh()
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#retry) clearTimeout(this.#retry)
    if (this.#spacing) clearTimeout(this.#spacing)
    this.drive.core.off('append', this.#onAppend)
    this.drive.core.off('truncate', this.#onAppend)
    this.drive.core.off('peer-add', this.#onAppend)
    await this.#refreshing?.catch(() => undefined)
    await this.drive.close()
  }

  /**
   * Read what changed since the last refresh; one at a time, and again if the core grew meanwhile.
   * A writer publishing many files appends once per file: each diff walks the tree from storage, so
   * refreshes are spaced at least REFRESH_SPACING_MS apart and each one takes every append since.
   */
  refresh(): void {
    if (this.#closed || this.drive.writable) return
    if (this.#refreshing || this.#spacing) {
      this.#again = true
      return
    }
    this.#refreshing = this.#refreshOnce()
      .catch(() => {
        // A peer that went away mid-read: try again later, or as soon as the core grows or a peer comes.
        if (this.#closed || this.#retry) return
        this.#retry = setTimeout(() => {
          this.#retry = null
          this.refresh()
        }, this.#options.blockTimeoutMs)
        this.#retry.unref()
      })
      .finally(() => {
        this.#refreshing = null
        if (this.#closed) return
        this.#spacing = setTimeout(() => {
          this.#spacing = null
          if (this.#again) {
            this.#again = false
            this.refresh()
          }
        }, REFRESH_SPACING_MS)
        this.#spacing.unref()
      })
  }

  /** Record what this engine just wrote into its own drive (see `ready`). The record must have passed the same checks. */
  wrote(path: string, record: FolderRecord, location: ContentLocation | null): void {
    this.entries.set(path, { drive: this.#hex, record, location })
    this.#version = this.drive.version
  }

  /** Resolves once every refresh asked for so far is done (including one waiting for its spacing). */
  async settled(): Promise<void> {
    while (this.#refreshing || (this.#spacing && this.#again)) {
      if (this.drive.core.peers.length === 0) {
        // No peer to fetch from: a refresh under way may wait for blocks that cannot come now (a peer
        // left mid-read); it fails on its timeout and runs again when a peer arrives. Waiting for that
        // chain would keep whenIdle from resolving while offline, so only a read of local blocks is given
        // a moment to finish.
        if (this.#refreshing) await Promise.race([this.#refreshing, new Promise((r) => setTimeout(r, REFRESH_SPACING_MS * 4))])
        return
      }
      if (this.#refreshing) await this.#refreshing
      else await new Promise((r) => setTimeout(r, REFRESH_SPACING_MS))
    }
  }

  async #refreshOnce(): Promise<void> {
    const version = this.drive.version
    if (version === this.#version) return
    const from = this.#version
    // Ask for every new block of the drive's index at once, rather than one round trip per tree node as the diff walks it.
    if (!this.drive.writable && version > from) {
      const range = this.drive.core.download({ start: Math.min(from, version), end: version })
      range.done().catch(() => undefined)
    }
    const snapshot = this.drive.checkout(version)
    const changed: string[] = []
    // What is read is handed over as it comes (each entry is final for this version): the engine starts
    // fetching the first files of a large index while the rest of it is still being read.
    const handOver = (): void => {
      if (changed.length > 0 && !this.#closed) this.#options.onChange([...new Set(changed.splice(0))])
    }
    try {
      if (from === 0 || version < from) {
        const seen = new Set<string>()
        for await (const node of snapshot.list('/', { timeout: this.#options.blockTimeoutMs })) {
          if (this.#closed) return
          const path = this.#accept(node)
          if (path) {
            seen.add(path)
            changed.push(path)
            if (changed.length >= HAND_OVER_EVERY) handOver()
          }
        }
        // Gone from the drive (a writer that truncated): their paths are merged again without it.
        for (const path of [...this.entries.keys()]) {
          if (seen.has(path)) continue
          this.entries.delete(path)
          changed.push(path)
        }
      } else {
        for await (const { left, right } of snapshot.diff(from, null, { timeout: this.#options.blockTimeoutMs })) {
          if (this.#closed) return
          if (left) {
            const path = this.#accept(left)
            if (path) changed.push(path)
          } else if (right) {
            const check = checkDriveKey(right.key, this.#options.rules)
            if (check.ok && this.entries.delete(check.path)) changed.push(check.path)
          }
          if (changed.length >= HAND_OVER_EVERY) handOver()
        }
      }
    } finally {
      await snapshot.close()
    }
    this.#version = version
    handOver()
  }

  /** Validate one node; on success store it and return its path. */
  #accept(node: DriveNode): string | null {
    const check = checkDriveKey(node.key, this.#options.rules)
    if (!check.ok) return this.#refuse(node.key, check.reason, null)
    const path = check.path
    if (node.value.linkname) return this.#refuse(node.key, 'symlink', path)
    const parsed = folderRecord.safeParse(node.value.metadata)
    if (!parsed.success) return this.#refuse(node.key, 'bad-record', path)
    const record: FolderRecord = parsed.data
    let location: ContentLocation | null = null
    if (!record.deleted) {
      if (node.value.blob) location = { drive: this.#hex, blob: node.value.blob }
      else if (record.src) location = record.src
      else return this.#refuse(node.key, 'bad-record', path)
    }
    this.entries.set(path, { drive: this.#hex, record, location, seq: node.seq })
    return path
  }

  /** Returns the path (when it is one) so the merge of that path is redone without this drive's refused entry. */
  #refuse(key: string, reason: FolderRefusalReason, path: string | null): string | null {
    if (path) this.entries.delete(path)
    // A valid path is reported in its canonical form; an invalid one as the peer wrote it.
    this.#options.onRefused({ drive: this.#hex, key: path ?? key, reason })
    return path
  }
}
