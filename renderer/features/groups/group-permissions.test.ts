import { describe, expect, it } from 'vitest'
import { groupPermissions } from './group-permissions'

describe('groupPermissions', () => {
  it('lets members write and admins announce', () => {
    expect(groupPermissions({ membership: 'member', myRole: 'member', mutedUntil: null }, 0)).toMatchObject({ write: true, announce: false, moderator: false })
    expect(groupPermissions({ membership: 'member', myRole: 'admin', mutedUntil: null }, 0)).toMatchObject({ write: true, announce: true, moderator: true })
    expect(groupPermissions({ membership: 'member', myRole: 'owner', mutedUntil: null }, 0)).toMatchObject({ owner: true, admin: true })
  })
  it('stops a muted member from writing until the mute ends', () => {
    expect(groupPermissions({ membership: 'member', myRole: 'member', mutedUntil: 2000 }, 1000)).toMatchObject({ muted: true, write: false })
    expect(groupPermissions({ membership: 'member', myRole: 'member', mutedUntil: 2000 }, 3000)).toMatchObject({ muted: false, write: true })
  })
  it('gives a removed or departed member nothing, whatever role is left over', () => {
    for (const membership of ['removed', 'left'] as const) {
      expect(groupPermissions({ membership, myRole: 'admin', mutedUntil: null }, 0)).toEqual({
        member: false,
        owner: false,
        admin: false,
        moderator: false,
        muted: false,
        write: false,
        announce: false,
      })
    }
  })
})
