// Can Electron run here? Answered without ever downloading anything.
//
// Electron 45's package has no binary after `npm install`: `require('electron')` (its index.js)
// downloads one on first use, and `npx electron` does the same. So this module never loads
// electron/index.js. It repeats index.js's lookup read-only instead: node_modules/electron/path.txt
// names the executable inside node_modules/electron/dist/ (or inside $ELECTRON_OVERRIDE_DIST_PATH),
// and path.txt is only written once a download has finished. Resolving electron/package.json only
// locates the package; it runs none of its code.
//
// Used by scripts/start.js (desktop or browser mode) and test/e2e/electron-smoke.spec.ts (skip or run).
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The Electron executable that `require('electron')` would return, if it is already on disk; null
 * when getting it would need a download. `electronDir` overrides where the electron package is.
 * @param {{ env?: NodeJS.ProcessEnv, electronDir?: string }} [options]
 * @returns {string | null}
 */
export function findElectronBinary(options = {}) {
  const env = options.env ?? process.env
  let electronDir = options.electronDir
  if (electronDir === undefined) {
    try {
      electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    } catch {
      return null
    }
  }
  const pathFile = join(electronDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  const binary = override ? join(override, executable || 'electron') : executable ? join(electronDir, 'dist', executable) : null
  return binary !== null && isExecutableFile(binary) ? binary : null
}

/**
 * Whether a window can be shown: on Linux and the BSDs that needs an X11 or Wayland display;
 * macOS and Windows always have one.
 * @param {{ env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform }} [options]
 * @returns {boolean}
 */
export function hasDisplay(options = {}) {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  if (platform === 'darwin' || platform === 'win32') return true
  return Boolean(env.DISPLAY?.trim() || env.WAYLAND_DISPLAY?.trim())
}

/**
 * @typedef {{ ok: true, binary: string } | { ok: false, reason: string }} ElectronAvailability
 */

/**
 * Can the desktop app run here, and if not, why not (one sentence for a person).
 * @param {{ env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, electronDir?: string }} [options]
 * @returns {ElectronAvailability}
 */
export function electronAvailability(options = {}) {
  const binary = findElectronBinary(options)
  if (binary === null) {
    return {
      ok: false,
      reason:
        "Electron's binary is not installed (Electron downloads it on first use, and this project never triggers that download; on a machine with network access run `npx electron --version` once)",
    }
  }
  if (!hasDisplay(options)) {
    return { ok: false, reason: 'no display is available (neither DISPLAY nor WAYLAND_DISPLAY is set)' }
  }
  return { ok: true, binary }
}

/** @param {string} path */
function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false
    if (process.platform !== 'win32') accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
