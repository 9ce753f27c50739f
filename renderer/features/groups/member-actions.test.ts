import { describe, expect, it } from 'vitest'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import { hasAnyAction, isMuted, memberActions, MUTE_OPTIONS } from './member-actions'

describe('memberActions', () => {
  it('lets the owner do everything to anyone else', () => {
    expect(memberActions('owner', { role: 'admin', isMe: false })).toEqual({ roles: ['moderator', 'member'], transfer: true, mute: true, remove: true })
    expect(memberActions('owner', { role: 'member', isMe: false }).roles).toEqual(['admin', 'moderator'])
  })
  it('lets admins set moderators and members but not touch admins', () => {
    expect(memberActions('admin', { role: 'member', isMe: false })).toEqual({ roles: ['moderator'], transfer: false, mute: true, remove: true })
    expect(hasAnyAction(memberActions('admin', { role: 'admin', isMe: false }))).toBe(false)
  })
  it('lets moderators mute members, nothing more', () => {
    expect(memberActions('moderator', { role: 'member', isMe: false })).toEqual({ roles: [], transfer: false, mute: true, remove: false })
    expect(hasAnyAction(memberActions('moderator', { role: 'moderator', isMe: false }))).toBe(false)
  })
  it('offers nothing on myself, on the owner, to members or to someone no longer in the group', () => {
    expect(hasAnyAction(memberActions('owner', { role: 'owner', isMe: true }))).toBe(false)
    expect(hasAnyAction(memberActions('admin', { role: 'owner', isMe: false }))).toBe(false)
    expect(hasAnyAction(memberActions('member', { role: 'member', isMe: false }))).toBe(false)
    expect(hasAnyAction(memberActions(null, { role: 'member', isMe: false }))).toBe(false)
  })
})

describe('mutes', () => {
  it('stay within the longest mute the core allows', () => {
    for (const option of MUTE_OPTIONS) expect(option.minutes).toBeLessThanOrEqual(GROUP_LIMITS.muteMinutes)
  })
  it('end when their time has passed', () => {
    expect(isMuted(null, 1000)).toBe(false)
    expect(isMuted(2000, 1000)).toBe(true)
    expect(isMuted(1000, 1000)).toBe(false)
  })
})
