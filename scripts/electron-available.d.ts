// Types for electron-available.js (a plain Node module, so `node scripts/start.js` runs without a build step).

export type ElectronAvailability = { ok: true; binary: string } | { ok: false; reason: string }

export interface AvailabilityOptions {
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  /** Where the electron package is; defaults to the one node_modules resolves. */
  electronDir?: string
}

export function findElectronBinary(options?: Pick<AvailabilityOptions, 'env' | 'electronDir'>): string | null
export function hasDisplay(options?: Pick<AvailabilityOptions, 'env' | 'platform'>): boolean
export function electronAvailability(options?: AvailabilityOptions): ElectronAvailability
