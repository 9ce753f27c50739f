/**
 * A shared folder's files arrive as one flat list of paths
 * (folders.listFiles: 'a/b/plan.md'); the folder view browses them as a
 * tree. These helpers are pure, so the tree, the breadcrumb and the choices
 * of selective sync are tested without a core.
 */

export interface PathLike {
  path: string
  size: number
  mtime: number
}

/** A subfolder as the folder view lists it: what it holds, all levels down. */
export interface SubfolderEntry {
  name: string
  /** Its path from the folder's top ('a/b'). */
  path: string
  files: number
  bytes: number
  /** The newest modification inside it. */
  modified: number
}

export interface FileEntry<F extends PathLike> {
  name: string
  file: F
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }) || (a.name < b.name ? -1 : 1)

/** 'a/b' + 'plan.md' → 'a/b/plan.md'; at the top, just the name. */
export function joinPath(subfolder: string, name: string): string {
  return subfolder === '' ? name : `${subfolder}/${name}`
}

/** The last segment of a path: its name. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/**
 * What `subfolder` shows: the subfolders directly inside it (with what they
 * hold) and its own files, each sorted by name as a file manager does
 * ("file 2" before "file 10"). Directories are not synced by themselves, so a
 * subfolder exists exactly while some file is inside it.
 */
export function entriesIn<F extends PathLike>(files: readonly F[], subfolder: string): { folders: SubfolderEntry[]; files: FileEntry<F>[] } {
  const prefix = subfolder === '' ? '' : `${subfolder}/`
  const folders = new Map<string, SubfolderEntry>()
  const own: FileEntry<F>[] = []
  for (const file of files) {
    if (!file.path.startsWith(prefix)) continue
    const rest = file.path.slice(prefix.length)
    const slash = rest.indexOf('/')
    if (slash === -1) {
      own.push({ name: rest, file })
      continue
    }
    const name = rest.slice(0, slash)
    const entry = folders.get(name) ?? { name, path: prefix + name, files: 0, bytes: 0, modified: 0 }
    entry.files += 1
    entry.bytes += file.size
    entry.modified = Math.max(entry.modified, file.mtime)
    folders.set(name, entry)
  }
  return { folders: [...folders.values()].sort(byName), files: own.sort(byName) }
}

/** True when `path` lies inside `subfolder` (at any depth; '' holds everything). */
export function isInside(path: string, subfolder: string): boolean {
  return subfolder === '' || path.startsWith(`${subfolder}/`)
}

/** True when some file lies inside `subfolder` (a subfolder that emptied out, or a stale address, does not). */
export function subfolderExists(files: readonly PathLike[], subfolder: string): boolean {
  return subfolder === '' || files.some((file) => isInside(file.path, subfolder))
}

/** The way from the folder's top down to `subfolder`, for the breadcrumb. */
export function breadcrumbOf(folderName: string, subfolder: string): Array<{ name: string; subfolder: string }> {
  const crumbs = [{ name: folderName, subfolder: '' }]
  if (subfolder === '') return crumbs
  const segments = subfolder.split('/')
  segments.forEach((name, index) => crumbs.push({ name, subfolder: segments.slice(0, index + 1).join('/') }))
  return crumbs
}

/**
 * The subfolders selective sync offers: the folder's top-level subfolders,
 * plus any already selected that hold no file now (so they can still be
 * unticked), sorted by name.
 */
export function subfolderChoices(files: readonly PathLike[], selected: readonly string[] | null): string[] {
  const names = new Set<string>()
  for (const file of files) {
    const slash = file.path.indexOf('/')
    if (slash > 0) names.add(file.path.slice(0, slash))
  }
  for (const path of selected ?? []) names.add(path)
  return [...names].map((name) => ({ name })).sort(byName).map(({ name }) => name)
}

/**
 * Why a picked file cannot go to `path` in this folder, or null. Only what
 * the list already shows is checked here (a file cannot replace a
 * subfolder); the core checks the name itself, as it does for every peer.
 */
export function uploadTargetProblem(files: readonly PathLike[], path: string): string | null {
  if (files.some((file) => file.path.startsWith(`${path}/`))) return `“${nameOf(path)}” is the name of a subfolder here: rename the file and upload it again.`
  return null
}
