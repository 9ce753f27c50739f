import { describe, expect, it } from 'vitest'
import { avatarColor, initials, matchesContact, presenceText, sortContacts } from './contact-format'

describe('initials', () => {
  it('takes the first and last word', () => {
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('Grace Brewster Murray Hopper')).toBe('GH')
    expect(initials('ben')).toBe('B')
    expect(initials('   ')).toBe('?')
  })
  it('does not split a character in two', () => {
    expect(initials('Émile Zola')).toBe('ÉZ')
    expect(initials('🚀 Rocket')).toBe('🚀R')
  })
})

describe('avatarColor', () => {
  it('is an hsl colour from the hue', () => {
    expect(avatarColor(200)).toBe('hsl(200 55% 45%)')
  })
})

describe('presenceText', () => {
  const now = Date.now()
  it('says online, last seen or never', () => {
    expect(presenceText({ online: true, lastSeenAt: null }, now)).toBe('Online')
    expect(presenceText({ online: false, lastSeenAt: now - 5 * 60_000 }, now)).toBe('Last seen 5 min ago')
    expect(presenceText({ online: false, lastSeenAt: null }, now)).toBe('Not seen online yet')
  })
})

describe('sortContacts', () => {
  it('puts connected first, then by name', () => {
    const sorted = sortContacts([
      { displayName: 'zed', status: 'connected' as const },
      { displayName: 'Amy', status: 'blocked' as const },
      { displayName: 'bob', status: 'pending' as const },
      { displayName: 'Ann', status: 'connected' as const },
    ])
    expect(sorted.map((contact) => contact.displayName)).toEqual(['Ann', 'zed', 'bob', 'Amy'])
  })
})

describe('matchesContact', () => {
  it('matches name or bio, ignoring case', () => {
    expect(matchesContact({ displayName: 'Ada Lovelace', bio: '' }, 'love')).toBe(true)
    expect(matchesContact({ displayName: 'Ben', bio: 'Plays the Cello' }, 'cello')).toBe(true)
    expect(matchesContact({ displayName: 'Ben', bio: '' }, 'ada')).toBe(false)
    expect(matchesContact({ displayName: 'Ben', bio: '' }, '  ')).toBe(true)
  })
})
