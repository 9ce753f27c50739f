import { describe, expect, it } from 'vitest'
import { chatPath, contactPath, groupPath, isAppPath, redirectFor, threadPath, validId, validThreadId } from './vault-routes'

describe('redirectFor', () => {
  it('keeps a first-run user in onboarding', () => {
    expect(redirectFor('none', '/')).toBe('/welcome')
    expect(redirectFor('none', '/unlock')).toBe('/welcome')
    expect(redirectFor('none', '/create')).toBeNull()
    expect(redirectFor('none', '/restore')).toBeNull()
  })
  it('sends a locked user to the unlock screen from anywhere', () => {
    expect(redirectFor('locked', '/settings')).toBe('/unlock')
    expect(redirectFor('locked', '/welcome')).toBe('/unlock')
    expect(redirectFor('locked', '/unlock')).toBeNull()
  })
  it('lets an unlocked user into the app, back where they were', () => {
    expect(redirectFor('unlocked', '/')).toBeNull()
    expect(redirectFor('unlocked', '/settings')).toBeNull()
    expect(redirectFor('unlocked', '/unlock')).toBe('/')
    expect(redirectFor('unlocked', '/unlock', '/settings')).toBe('/settings')
    expect(redirectFor('unlocked', '/unlock', 'https://evil.example')).toBe('/')
    expect(redirectFor('unlocked', '/welcome')).toBe('/')
    expect(redirectFor('unlocked', '/restore')).toBe('/')
  })
  it('allows /create while unlocked: its phrase and check steps run after the vault exists', () => {
    expect(redirectFor('unlocked', '/create')).toBeNull()
  })
})

describe('isAppPath', () => {
  const id = 'ab'.repeat(32)
  it('knows the app pages and their detail pages', () => {
    for (const path of ['/', '/settings', '/invites', '/contacts', '/chats', chatPath(id), contactPath(id)]) expect(isAppPath(path), path).toBe(true)
  })
  it('refuses onboarding, foreign and malformed paths', () => {
    for (const path of ['/welcome', '/create', '/unlock', '/chats/xyz', `/chats/${id}/x`, 'https://evil.example', `/files/${id}`]) {
      expect(isAppPath(path), path).toBe(false)
    }
  })
  it('knows the groups pages, a group on any tab and a thread', () => {
    const thread = 'cd'.repeat(16)
    for (const path of ['/groups', '/groups/new', groupPath(id), groupPath(id, 'members'), groupPath(id, 'announcements'), threadPath(id, thread)]) {
      expect(isAppPath(path), path).toBe(true)
    }
    for (const path of ['/groups/xyz', `/groups/${id}/Members`, `/groups/${id}/discuss/xyz`, `/groups/${id}/members/x`, `/groups/${id}/`]) {
      expect(isAppPath(path), path).toBe(false)
    }
  })
  it('returns an unlocked user to a conversation', () => {
    expect(redirectFor('unlocked', '/unlock', chatPath(id))).toBe(chatPath(id))
  })
})

describe('validId', () => {
  it('accepts 64 lowercase hex characters only', () => {
    expect(validId('0'.repeat(64))).toBe('0'.repeat(64))
    expect(validId('0'.repeat(63))).toBeNull()
    expect(validId('G'.repeat(64))).toBeNull()
    expect(validId(undefined)).toBeNull()
  })
})

describe('validThreadId', () => {
  it('accepts 32 lowercase hex characters only', () => {
    expect(validThreadId('a'.repeat(32))).toBe('a'.repeat(32))
    expect(validThreadId('a'.repeat(64))).toBeNull()
    expect(validThreadId(undefined)).toBeNull()
  })
})
