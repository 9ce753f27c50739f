import { ed25519 } from '@noble/curves/ed25519.js'
import type { PostRecord } from '../../../../shared/domain/posts'
import { publicKeyToDid } from '../../identity/signing'
import type { SigningKeys } from './post-signing'

/** Test helpers: deterministic identities and posts. Not imported by production code. */

export interface TestIdentity extends SigningKeys {
  hex: string
  did: string
}

/** An identity whose secret key is 32 copies of `byte`: the same in every run. */
export function identity(byte: number): TestIdentity {
  const secretKey = new Uint8Array(32).fill(byte)
  const publicKey = ed25519.getPublicKey(secretKey)
  return { secretKey, publicKey, hex: Buffer.from(publicKey).toString('hex'), did: publicKeyToDid(publicKey) }
}

export const T0 = Date.UTC(2025, 2, 14, 9, 30)

export function postRecordOf(author: TestIdentity, overrides: Partial<PostRecord> = {}): PostRecord {
  return {
    v: 1,
    id: '0123456789abcdef0123456789abcdef',
    author: author.hex,
    kind: 'blog',
    title: 'Market day on the square',
    body: 'The *first* strawberries are here.\n\nSee [the stall](https://example.org/stall).',
    tags: ['market', 'food'],
    relevance: 'neighbourhood',
    mentions: [],
    images: [],
    createdAt: T0,
    editedAt: null,
    ...overrides,
  }
}
