import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * How a passphrase becomes the vault's raw 256-bit SQLCipher key. Stored in
 * the sidecar beside the vault (with the salt), so the cost can rise in a
 * later release without breaking existing vaults: each vault remembers the
 * parameters it was keyed with, and a passphrase change re-keys with the
 * current defaults.
 */
export interface KdfParams {
  algorithm: 'scrypt'
  /** CPU/memory cost, a power of two. Memory used is 128 · N · r bytes. */
  N: number
  r: number
  p: number
  keyLength: 32
}

/**
 * OWASP's minimum for scrypt (N=2^17, r=8, p=1): 128 MiB for the duration of
 * one derivation, about 450 ms on the 2-core build machine. The vault derives
 * once per unlock, and every later connection reuses the raw key, so the cost
 * is paid once per session, which is what buys resistance to offline guessing.
 */
export const DEFAULT_KDF: KdfParams = { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1, keyLength: 32 }

/**
 * Bounds accepted from options and from the sidecar file. The sidecar is not
 * secret and not authenticated, so a tampered one must not be able to make
 * unlock allocate gigabytes or spin for minutes (N ≤ 2^20 → ≤ 1 GiB at r=8),
 * nor lower the cost below something sane for tests (N ≥ 2^10).
 */
export const KDF_LIMITS = { minLogN: 10, maxLogN: 20, maxR: 32, maxP: 16 } as const

export const SALT_BYTES = 16
export const KEY_BYTES = 32

/** Fill defaults and refuse parameters outside KDF_LIMITS (a programming error, not user input). */
export function resolveKdfParams(overrides: Partial<KdfParams> = {}): KdfParams {
  const params: KdfParams = { ...DEFAULT_KDF, ...overrides, algorithm: 'scrypt', keyLength: 32 }
  const problem = kdfParamsProblem(params)
  if (problem) throw new RangeError(`Invalid vault KDF parameters: ${problem}`)
  return params
}

/** Why these parameters are unacceptable, or null when they are fine. */
export function kdfParamsProblem(params: KdfParams): string | null {
  if (params.algorithm !== 'scrypt') return `unknown algorithm ${String(params.algorithm)}`
  if (params.keyLength !== KEY_BYTES) return `keyLength must be ${KEY_BYTES}`
  const logN = Math.log2(params.N)
  if (!Number.isInteger(logN) || logN < KDF_LIMITS.minLogN || logN > KDF_LIMITS.maxLogN) {
    return `N must be a power of two between 2^${KDF_LIMITS.minLogN} and 2^${KDF_LIMITS.maxLogN}`
  }
  if (!Number.isInteger(params.r) || params.r < 1 || params.r > KDF_LIMITS.maxR) return `r must be 1..${KDF_LIMITS.maxR}`
  if (!Number.isInteger(params.p) || params.p < 1 || params.p > KDF_LIMITS.maxP) return `p must be 1..${KDF_LIMITS.maxP}`
  return null
}

export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES)
}

/**
 * Stretch the passphrase. Runs on libuv's thread pool (async scrypt), so the
 * core keeps answering other calls while a user unlocks. The passphrase is
 * NFC-normalised so the same words typed on another OS/keyboard give the same key.
 */
export function deriveKey(passphrase: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  // OpenSSL needs 128·r·(N+2) bytes for V plus 128·r·p for B; Node refuses
  // anything above maxmem (default 32 MiB), so size it to the parameters.
  const maxmem = 128 * params.r * (params.N + params.p + 2) + 1024 * 1024
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, params.keyLength, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) => {
      if (error) reject(error)
      else resolve(key)
    })
  })
}

/**
 * A value that proves a key is the right one without opening the database:
 * HMAC-SHA256(key, label). Stored in the sidecar, it lets unlock tell a wrong
 * passphrase (check mismatch) from a damaged first page (check matches but
 * SQLCipher rejects page 1), which SQLite alone reports identically as
 * SQLITE_NOTADB. It gives an attacker nothing the encrypted page 1 does not
 * already give: each guess still costs one scrypt.
 */
const KEY_CHECK_LABEL = 'PLANET vault key check v1'

export function keyCheck(key: Buffer): Buffer {
  return createHmac('sha256', key).update(KEY_CHECK_LABEL).digest()
}

export function keyCheckMatches(key: Buffer, expected: Buffer): boolean {
  const actual = keyCheck(key)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
