import { describe, expect, it } from 'vitest'
import { describeRelay } from './relay-status'

const base = { reachable: true, admitted: true, inSync: true, heldBlocks: 10, localBlocks: 10, cores: 3, full: false, checkedAt: 1, problem: null }

describe('describeRelay', () => {
  it('names each state honestly', () => {
    expect(describeRelay({ ...base, checkedAt: null, reachable: false, admitted: false, inSync: null }).badge).toBe('Checking')
    expect(describeRelay({ ...base, reachable: false, admitted: false, inSync: null, problem: 'The relay did not answer.' })).toMatchObject({ badge: 'Unreachable', color: 'red' })
    expect(describeRelay({ ...base, admitted: false, inSync: null }).badge).toBe('Not admitted yet')
    expect(describeRelay(base)).toMatchObject({ badge: 'In sync', detail: expect.stringContaining('all 10 blocks') })
    expect(describeRelay({ ...base, inSync: false, heldBlocks: 4 })).toMatchObject({ badge: 'Syncing', detail: expect.stringContaining('4 of the 10') })
    expect(describeRelay({ ...base, full: true }).detail).toContain('full')
  })
})
