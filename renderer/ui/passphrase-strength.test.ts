import { describe, expect, it } from 'vitest'
import { passphraseStrength, validatePassphrasePair } from './passphrase-strength'

describe('passphraseStrength', () => {
  it('rates short, common and repetitive choices low', () => {
    expect(passphraseStrength('short').score).toBe(0)
    expect(passphraseStrength('password1').score).toBe(1)
    expect(passphraseStrength('aaaaaaaaaa').score).toBe(1)
  })
  it('rates several random words high', () => {
    expect(passphraseStrength('correct horse battery staple').score).toBeGreaterThanOrEqual(3)
    expect(passphraseStrength('Tr0ub4dor&3-plum-Orbit!').score).toBe(4)
  })
})

describe('validatePassphrasePair', () => {
  it('applies the core rule and the match', () => {
    expect(validatePassphrasePair('short', 'short').passphrase).toMatch(/at least 8/)
    expect(validatePassphrasePair('long enough', 'long enougg').confirm).toMatch(/do not match/)
    expect(validatePassphrasePair('long enough', '')).toEqual({ passphrase: null, confirm: 'Type the passphrase again' })
    expect(validatePassphrasePair('long enough', 'long enough')).toEqual({ passphrase: null, confirm: null })
  })
})
