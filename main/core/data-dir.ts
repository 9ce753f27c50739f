import { mkdir, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'

/** Where PLANET keeps everything it stores when nothing else is said: `~/.planet`. */
export const DEFAULT_DATA_DIR_NAME = '.planet'
/** Environment variable that moves the data dir (overridden by `--data-dir`). */
export const DATA_DIR_ENV = 'PLANET_HOME'

export interface DataDirInput {
  /** `--data-dir` as given on the command line, if any. */
  flag?: string | undefined
  env: Readonly<Record<string, string | undefined>>
  homedir: string
  /** Base for a relative flag or env value; defaults to process.cwd(). */
  cwd?: string
}

/**
 * Choose the data dir: `--data-dir` > `$PLANET_HOME` > `~/.planet`. Empty
 * values count as unset; a leading `~` is expanded (a shell does not expand it
 * in `--data-dir=~/x`); relative paths are taken from `cwd`. Pure: touches no disk.
 */
export function resolveDataDir(input: DataDirInput): string {
  const cwd = input.cwd ?? process.cwd()
  const chosen = nonEmpty(input.flag) ?? nonEmpty(input.env[DATA_DIR_ENV])
  if (chosen === undefined) return join(resolve(cwd, input.homedir), DEFAULT_DATA_DIR_NAME)
  const expanded = expandHome(chosen, input.homedir)
  return isAbsolute(expanded) ? resolve(expanded) : resolve(cwd, expanded)
}

export interface PreparedDataDir {
  dir: string
  /** True when this call created it (with mode 0700). */
  created: boolean
  /**
   * True when an existing dir is readable or writable by group or others
   * (POSIX). It is left as it is — the user may have chosen it on purpose,
   * and the vault is encrypted anyway — but the host warns.
   */
  looseMode: boolean
}

/**
 * Make sure the data dir exists, creating it (and missing parents) with mode
 * 0700 — only its owner may list or read it. An existing directory's mode is
 * never changed: `--data-dir /tmp/x` must not chmod something the user shares.
 */
export async function prepareDataDir(dir: string): Promise<PreparedDataDir> {
  const existing = await statOrNull(dir)
  if (existing && !existing.isDirectory()) throw new Error(`The data dir ${dir} exists and is not a directory`)
  if (existing) return { dir, created: false, looseMode: process.platform !== 'win32' && (existing.mode & 0o077) !== 0 }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  return { dir, created: true, looseMode: false }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}

function expandHome(path: string, homedir: string): string {
  if (path === '~') return homedir
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir, path.slice(2))
  return path
}

async function statOrNull(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
