import ignore from 'ignore'
import type { Ignore } from 'ignore'
import { IGNORE_FILE, TEMP_PREFIX } from './path-safety'

/**
 * Which paths this device syncs, both ways: not matched by `.planetignore`
 * (gitignore syntax, read from the folder's root, never synced itself: each
 * device keeps its own, like Syncthing's .stignore), and inside one of the
 * selected subfolders when selective sync is on. An excluded path is neither
 * published from this disk nor written to it.
 */
export class SyncFilter {
  #ignore: Ignore = ignore()
  #patterns = ''
  #selected: string[] | null

  constructor(selected: string[] | null = null) {
    this.#selected = normalizeSelection(selected)
  }

  /** Replace the ignore patterns (the text of .planetignore; '' when there is none). Returns whether they changed. */
  setPatterns(text: string): boolean {
    if (text === this.#patterns) return false
    this.#patterns = text
    this.#ignore = ignore().add(text)
    return true
  }

  setSelected(selected: string[] | null): void {
    this.#selected = normalizeSelection(selected)
  }

  get selected(): string[] | null {
    return this.#selected ? [...this.#selected] : null
  }

  /** Is this file path (relative, canonical) synced by this device? */
  includes(path: string): boolean {
    if (path === IGNORE_FILE || path.split('/').some((p) => p.startsWith(TEMP_PREFIX))) return false
    if (this.#selected && !this.#selected.some((dir) => path.startsWith(dir + '/'))) return false
    return !this.#ignored(path)
  }

  /** Should the scanner walk into this directory at all? */
  walksInto(dir: string): boolean {
    if (this.#ignore.ignores(dir + '/') || this.#ignored(dir)) return false
    if (!this.#selected) return true
    return this.#selected.some((sel) => sel === dir || sel.startsWith(dir + '/') || dir.startsWith(sel + '/'))
  }

  #ignored(path: string): boolean {
    // A file inside an ignored directory is ignored too (gitignore: "it is not possible to re-include a file if a parent directory is excluded").
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) if (this.#ignore.ignores(parts.slice(0, i).join('/') + '/')) return true
    return this.#ignore.ignores(path)
  }
}

function normalizeSelection(selected: string[] | null): string[] | null {
  if (selected === null) return null
  return selected.map((s) => s.replace(/^\/+|\/+$/g, '')).filter((s) => s.length > 0)
}
