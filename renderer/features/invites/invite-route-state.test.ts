import { describe, expect, it } from 'vitest'
import { readInviteRouteState } from './invite-route-state'

describe('readInviteRouteState', () => {
  it('reads a code and a known error', () => {
    expect(readInviteRouteState({ inviteCode: 'ABCDE' })).toEqual({ inviteCode: 'ABCDE' })
    expect(readInviteRouteState({ inviteCode: 'ABCDE', acceptError: { code: 'INVITE_UNREACHABLE', message: 'x' } })).toEqual({
      inviteCode: 'ABCDE',
      acceptError: { code: 'INVITE_UNREACHABLE', message: 'x' },
    })
  })
  it('ignores anything else', () => {
    expect(readInviteRouteState(null)).toBeNull()
    expect(readInviteRouteState({ from: '/settings' })).toBeNull()
    expect(readInviteRouteState({ inviteCode: '' })).toBeNull()
    expect(readInviteRouteState({ inviteCode: 'x'.repeat(1001) })).toBeNull()
    expect(readInviteRouteState({ inviteCode: 'ABCDE', acceptError: { code: 'NOPE' } })).toEqual({ inviteCode: 'ABCDE' })
  })
})
