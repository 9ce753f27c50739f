import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { RpcError } from '../../../shared/rpc/errors'
import type { KdfParams } from './kdf'
import { deriveKey, kdfParamsProblem, keyCheck, keyCheckMatches, newSalt, resolveKdfParams } from './kdf'

/**
 * The sidecar: `<vault>.kdf.json`, beside the vault. It holds what unlock
 * needs before it can read anything (cipher, KDF parameters, salt) and a key
 * check value; no secret. During a passphrase change the new parameters are
 * first written to `<vault>.kdf-next.json`; see README.md "Re-keying".
 */
const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `expected ${bytes} bytes of lowercase hex`)

const sidecarSchema = z.object({
  /** Bumped only if this file's meaning changes; readers refuse other values. */
  format: z.literal(1),
  /** Recorded so a reader never has to guess the library's default cipher (which is not SQLCipher). */
  cipher: z.literal('sqlcipher'),
  legacy: z.literal(4),
  kdf: z.object({
    algorithm: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    keyLength: z.literal(32),
    salt: hex(16),
  }),
  /** HMAC-SHA256(key, label); see kdf.ts keyCheck. */
  keyCheck: hex(32),
})

export type Sidecar = z.infer<typeof sidecarSchema>

export interface SidecarPaths {
  current: string
  /** Written before a re-key, renamed over `current` after it; present only if a change was interrupted. */
  next: string
}

export function sidecarPaths(vaultPath: string): SidecarPaths {
  return { current: `${vaultPath}.kdf.json`, next: `${vaultPath}.kdf-next.json` }
}

/** Fresh salt, derived key and the sidecar that describes them. The caller owns (and zeroes) the key. */
export async function newKeyMaterial(passphrase: string, params: Partial<KdfParams>): Promise<{ sidecar: Sidecar; key: Buffer }> {
  const kdf = resolveKdfParams(params)
  const salt = newSalt()
  const key = await deriveKey(passphrase, salt, kdf)
  return {
    key,
    sidecar: {
      format: 1,
      cipher: 'sqlcipher',
      legacy: 4,
      kdf: { algorithm: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, keyLength: 32, salt: salt.toString('hex') },
      keyCheck: keyCheck(key).toString('hex'),
    },
  }
}

/** Re-derive the key a sidecar describes from a passphrase (one scrypt). */
export function deriveSidecarKey(passphrase: string, sidecar: Sidecar): Promise<Buffer> {
  const { salt, ...params } = sidecar.kdf
  return deriveKey(passphrase, Buffer.from(salt, 'hex'), params)
}

export function sidecarAcceptsKey(sidecar: Sidecar, key: Buffer): boolean {
  return keyCheckMatches(key, Buffer.from(sidecar.keyCheck, 'hex'))
}

/** Parse a sidecar; null when the file does not exist, VAULT_CORRUPT when it exists but is unusable. */
export function readSidecar(path: string): Sidecar | null {
  if (!existsSync(path)) return null
  let parsed: Sidecar
  try {
    parsed = sidecarSchema.parse(JSON.parse(readFileSync(path, 'utf8')))
  } catch {
    throw new RpcError('VAULT_CORRUPT', 'The vault’s key parameters file is damaged, so the vault cannot be opened. Restore it from a backup, or restore your identity from its recovery phrase.')
  }
  // Bounds matter here because the file is not authenticated: refuse a cost
  // that would exhaust memory rather than try it.
  const problem = kdfParamsProblem(parsed.kdf)
  if (problem) throw new RpcError('VAULT_CORRUPT', `The vault’s key parameters file holds parameters this version refuses (${problem}).`)
  return parsed
}

/**
 * Write a sidecar so that `path` holds either its old content or the whole
 * new one, never a torn file: write a temp file, fsync it, rename it over,
 * fsync the directory so the rename itself survives power loss.
 */
export function writeSidecarAtomic(path: string, sidecar: Sidecar): void {
  const temp = `${path}.tmp`
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, `${JSON.stringify(sidecar, null, 2)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
  fsyncDirectory(dirname(path))
}

/** Atomically replace `to` with `from` (both in the vault's directory). */
export function renameDurably(from: string, to: string): void {
  renameSync(from, to)
  fsyncDirectory(dirname(to))
}

export function removeDurably(path: string): void {
  rmSync(path, { force: true })
  fsyncDirectory(dirname(path))
}

/** Make a rename/unlink durable. Windows cannot open a directory for fsync; NTFS journals metadata anyway. */
export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
