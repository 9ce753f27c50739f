import type { Stats } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { SyncFilter } from './sync-filter'
import { TEMP_PREFIX } from './path-safety'

export interface ScannedEntry {
  /** Relative, '/'-separated. */
  path: string
  kind: 'file' | 'symlink' | 'other'
  stat: Stats
}

/**
 * Walk the folder (or one directory of it) and yield what is there, with
 * lstat only: a rescan never opens a file. Symlinks are yielded, not followed.
 * Directories the filter excludes are not entered; the engine's temp files are
 * skipped. Unreadable directories are reported through `onError` and skipped.
 */
export async function* walkFolder(
  root: string,
  start: string,
  filter: SyncFilter,
  onError: (path: string, err: NodeJS.ErrnoException) => void,
): AsyncGenerator<ScannedEntry> {
  const stack = [start]
  while (stack.length > 0) {
    const dir = stack.pop()!
    let names: string[]
    try {
      names = await readdir(dir === '' ? root : join(root, ...dir.split('/')))
    } catch (err) {
      onError(dir, err as NodeJS.ErrnoException)
      continue
    }
    names.sort()
    for (const name of names) {
      if (name.startsWith(TEMP_PREFIX)) continue
      const path = dir === '' ? name : `${dir}/${name}`
      let stat: Stats
      try {
        stat = await lstat(join(root, ...path.split('/')))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onError(path, err as NodeJS.ErrnoException)
        continue
      }
      if (stat.isDirectory()) {
        if (filter.walksInto(path)) stack.push(path)
      } else if (stat.isFile()) yield { path, kind: 'file', stat }
      else if (stat.isSymbolicLink()) yield { path, kind: 'symlink', stat }
      else yield { path, kind: 'other', stat }
    }
  }
}
