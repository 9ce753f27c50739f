import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from 'node:crypto'
import hypercoreCrypto from 'hypercore-crypto'
import type { IdentityKeys } from '../identity/derivation'
import { deviceCertMessage, hex, signWith } from '../spaces/certs'
import type { DeviceKeyPair } from '../net/network'

/**
 * This install's keys. Each device has its own:
 *   - a random 32-byte seed, kept in the vault;
 *   - a swarm key pair from that seed (what contacts' firewalls admit),
 *     certified by the identity key (`cert`);
 *   - a corestore primary key derived from the identity *and* the device
 *     seed, so every writer core this device makes is its own: restoring the
 *     same phrase on a second machine yields different writers, and no core is
 *     ever appended to from two devices (SSB's forked feeds are the lesson).
 */
export interface DeviceKeys {
  keyPair: DeviceKeyPair
  /** Identity signature over the device key (hex). */
  cert: string
  primaryKey: Buffer
}

const PRIMARY_KEY_LABEL = new TextEncoder().encode('planet/corestore-primary-key/v1')

export function loadOrCreateDeviceKeys(db: Sqlite.Database, identity: IdentityKeys, now: number): DeviceKeys {
  let row = db.prepare('SELECT seed FROM device WHERE id = 1').get() as { seed: string } | undefined
  if (!row) {
    row = { seed: randomBytes(32).toString('hex') }
    db.prepare('INSERT INTO device (id, seed, created_at) VALUES (1, ?, ?)').run(row.seed, now)
  }
  const seed = Buffer.from(row.seed, 'hex')
  const keyPair = hypercoreCrypto.keyPair(Buffer.from(sha256(seed)))
  const cert = signWith(deviceCertMessage(identity.signing.publicKey, keyPair.publicKey), identity.signing.secretKey)
  // HMAC keyed by the identity's signing secret: only this identity can
  // compute it, and the device seed makes it per install.
  const primaryKey = Buffer.from(hmac(sha256, identity.signing.secretKey, Buffer.concat([PRIMARY_KEY_LABEL, seed])))
  return { keyPair, cert: hex(cert), primaryKey }
}
