import type { FolderBlobId, FolderRecord, VersionVector } from '../../../shared/domain/folders'
import { conflictCopyPath } from './conflict-name'
import { compareVectors, joinVectors } from './version-vector'

/** Where a version's content can be read: a blob in one member's drive. */
export interface ContentLocation {
  drive: string
  blob: FolderBlobId
}

/** One member drive's record for a path. */
export interface Candidate {
  drive: string
  record: FolderRecord
  location: ContentLocation | null
  /** The entry's position in its drive (what history and restore name a version by). */
  seq?: number
}

export interface ConflictCopy {
  path: string
  loser: Candidate
}

export interface MergedPath {
  /** The version every member converges on (its vector is `vv`, the join of all concurrent versions). */
  winner: Candidate
  vv: VersionVector
  /** Versions no other version has seen; more than one means a conflict (or equal concurrent edits). */
  maxima: Candidate[]
  /** Losers with other content than the winner: each is kept under its conflict copy name. */
  copies: ConflictCopy[]
}

/** The content identity of a version: two versions with the same one need no conflict copy. */
export function sameContent(a: Pick<FolderRecord, 'deleted' | 'hash'>, b: Pick<FolderRecord, 'deleted' | 'hash'>): boolean {
  return a.deleted === b.deleted && a.hash === b.hash
}

const canonical = (vv: VersionVector): string =>
  Object.keys(vv)
    .sort()
    .map((k) => `${k}:${vv[k]}`)
    .join(',')

/**
 * Rank among concurrent versions, best first. Deterministic on every member:
 * an edit beats a delete (nobody loses work to a concurrent delete, as in
 * Syncthing); then the newer version by its author's clock; then the larger
 * author key, content hash, drive key and vector, so equal times still give one answer.
 */
function rank(a: Candidate, b: Candidate): number {
  if (a.record.deleted !== b.record.deleted) return a.record.deleted ? 1 : -1
  if (a.record.time !== b.record.time) return b.record.time - a.record.time
  for (const [x, y] of [
    [a.record.author, b.record.author],
    [a.record.hash ?? '', b.record.hash ?? ''],
    [a.drive, b.drive],
    [canonical(a.record.vv), canonical(b.record.vv)],
  ] as const) {
    if (x !== y) return x > y ? -1 : 1
  }
  return 0
}

/**
 * Merge every member's record of one path: versions another version has seen
 * drop out; of the rest the best-ranked wins; every loser with different
 * content is kept as a conflict copy named from the loser's own data.
 */
export function mergePath(path: string, candidates: Candidate[]): MergedPath | null {
  const maxima: Candidate[] = []
  for (const c of candidates) {
    let dominated = false
    for (const other of candidates) {
      if (other === c) continue
      const order = compareVectors(c.record.vv, other.record.vv)
      // Equal vectors: keep only the best-ranked copy of that version.
      if (order === 'before' || (order === 'equal' && rank(other, c) < 0)) {
        dominated = true
        break
      }
    }
    if (!dominated) maxima.push(c)
  }
  if (maxima.length === 0) return null
  maxima.sort(rank)
  const winner = maxima[0]!
  const copies: ConflictCopy[] = []
  const seen = new Set<string>()
  for (const loser of maxima.slice(1)) {
    if (loser.record.deleted || sameContent(loser.record, winner.record)) continue
    const name = conflictCopyPath(path, loser.record.time, loser.record.author)
    if (seen.has(name)) continue
    seen.add(name)
    copies.push({ path: name, loser })
  }
  return { winner, vv: joinVectors(...maxima.map((m) => m.record.vv)), maxima, copies }
}
