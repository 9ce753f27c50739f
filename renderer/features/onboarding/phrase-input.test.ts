import { describe, expect, it } from 'vitest'
import { describePhrase, phraseToCheck, splitPhrase } from './phrase-input'

describe('splitPhrase', () => {
  it('splits on any whitespace and lower-cases', () => expect(splitPhrase('  Abandon\nability\t able ')).toEqual(['abandon', 'ability', 'able']))
})

describe('describePhrase', () => {
  it('counts words while typing without nagging', () => {
    expect(describePhrase(5, { valid: false, code: 'PHRASE_WRONG_LENGTH', message: 'm' }, false)).toMatchObject({ error: null, status: '5 of 24 words' })
  })
  it('complains about a short phrase only on submit', () => {
    expect(describePhrase(5, undefined, true).error).toMatch(/Only 5 words/)
  })
  it('shows the core message for an unknown word or a bad checksum at once', () => {
    expect(describePhrase(24, { valid: false, code: 'PHRASE_UNKNOWN_WORD', message: 'Word 3 "xyz" is unknown' }, false).error).toBe('Word 3 "xyz" is unknown')
  })
  it('confirms a valid phrase', () => {
    expect(describePhrase(24, { valid: true, code: null, message: null }, false)).toMatchObject({ error: null, ok: true })
  })
})

describe('phraseToCheck', () => {
  it('leaves out the word being typed', () => {
    expect(phraseToCheck('abandon aban')).toBe('abandon')
    expect(phraseToCheck('abandon aban ')).toBe('abandon aban')
  })
  it('checks everything once there are 24 words', () => {
    const text = Array.from({ length: 24 }, () => 'zoo').join(' ')
    expect(phraseToCheck(text)).toBe(text)
  })
})
