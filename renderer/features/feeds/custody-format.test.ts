import { describe, expect, it } from 'vitest'
import { custodyLines } from './custody-format'

describe('custodyLines', () => {
  it('reads the chain author first, and says where custody breaks', () => {
    const lines = custodyLines({
      chain: [
        { position: 0, role: 'author', identityId: 'aa'.repeat(32), did: 'did:key:z6MkCy', name: 'Cy', ok: true },
        { position: 1, role: 'resharer', identityId: 'bb'.repeat(32), did: 'did:key:z6MkBen', name: 'Ben', ok: false },
        { position: 2, role: 'resharer', identityId: null, did: null, name: 'unknown', ok: false },
      ],
    })
    expect(lines.map((line) => line.title)).toEqual(['1. Written by Cy', '2. Reshared by Ben', '3. Reshared by someone unknown'])
    expect(lines[0]!.detail).toBe('did:key:z6MkCy — signature verified')
    expect(lines[1]!.detail).toMatch(/does not verify: custody is broken here$/)
    expect(lines[2]!.detail).toMatch(/^no valid DID/)
  })
})
