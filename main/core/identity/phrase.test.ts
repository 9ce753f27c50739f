import { entropyToMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { describe, expect, it } from 'vitest'
import { RpcError } from '../../../shared/rpc/errors'
import { PHRASE_WORDS, checkPhrase, generatePhrase, normalizePhrase, parsePhrase, suggestWords } from './phrase'

const VALID = generatePhrase()

function errorOf(input: string): RpcError {
  try {
    parsePhrase(input)
  } catch (error) {
    if (error instanceof RpcError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`)
}

/** A phrase whose words are all in the list but whose checksum is wrong. */
function badChecksumPhrase(): string {
  // The 24th word carries 3 bits of entropy and the 8 checksum bits, so only 8
  // of the 2048 words complete a given 23: almost any other one breaks it.
  for (const word of wordlist) {
    const candidate = [...VALID.slice(0, 23), word].join(' ')
    if (word !== VALID[23] && !checkPhrase(candidate).valid) return candidate
  }
  throw new Error('unreachable: only 8 of 2048 last words are valid')
}

describe('generatePhrase', () => {
  it('gives 24 list words that validate, different on every call', () => {
    const a = generatePhrase()
    expect(a).toHaveLength(PHRASE_WORDS)
    expect(a.every((word) => wordlist.includes(word))).toBe(true)
    expect(parsePhrase(a.join(' '))).toEqual(a)
    expect(generatePhrase()).not.toEqual(a)
  })
})

describe('normalizePhrase', () => {
  it('trims, lower-cases, collapses any whitespace and applies NFKD', () => {
    expect(normalizePhrase('  Abandon\t\tABILITY\n able\u00a0about\u3000above  ')).toEqual(['abandon', 'ability', 'able', 'about', 'above'])
    // Full-width letters (some IMEs type them) decompose to ASCII under NFKD.
    expect(normalizePhrase('ａｂａｎｄｏｎ')).toEqual(['abandon'])
    expect(normalizePhrase('   ')).toEqual([])
  })
})

describe('parsePhrase', () => {
  it('accepts a valid phrase with extra whitespace and upper case', () => {
    const messy = `\n  ${VALID.map((w, i) => (i % 2 ? w.toUpperCase() : w)).join('   \t ')}  \r\n`
    expect(parsePhrase(messy)).toEqual(VALID)
    expect(checkPhrase(messy)).toEqual({ valid: true, code: null, message: null })
  })

  it.each([23, 25, 12, 0, 1])('refuses %i words with PHRASE_WRONG_LENGTH, saying how many were given', (count) => {
    const words = count <= 24 ? VALID.slice(0, count) : [...VALID, ...VALID].slice(0, count)
    const error = errorOf(words.join(' '))
    expect(error.code).toBe('PHRASE_WRONG_LENGTH')
    expect(error.message).toContain('24')
    expect(error.message).toContain(count === 1 ? '1 word was given' : `${count} words were given`)
    expect(error.details).toEqual({ count, expected: 24 })
  })

  it('refuses a valid 12-word BIP39 phrase: PLANET phrases are 24 words', () => {
    const twelve = entropyToMnemonic(new Uint8Array(16), wordlist)
    expect(errorOf(twelve).code).toBe('PHRASE_WRONG_LENGTH')
  })

  it('names an unknown word and its 1-based position, with suggestions', () => {
    const words = [...VALID]
    words[6] = 'abandn'
    const error = errorOf(words.join(' '))
    expect(error.code).toBe('PHRASE_UNKNOWN_WORD')
    expect(error.details).toMatchObject({ position: 7, word: 'abandn' })
    expect(error.details?.suggestions).toContain('abandon')
    expect(error.message).toContain('Word 7')
    expect(error.message).toContain('"abandn"')
    expect(error.message).toContain('"abandon"')
  })

  it('reports the first unknown word, even when the count is also wrong', () => {
    const words = [...VALID.slice(0, 20), 'zzzzzz', 'qqqqqq']
    const error = errorOf(words.join(' '))
    expect(error.code).toBe('PHRASE_UNKNOWN_WORD')
    expect(error.details).toMatchObject({ position: 21, word: 'zzzzzz', suggestions: [] })
    expect(error.message).not.toContain('Did you mean')
  })

  it('refuses a wrong checksum', () => {
    const error = errorOf(badChecksumPhrase())
    expect(error.code).toBe('PHRASE_BAD_CHECKSUM')
    expect(error.message).toMatch(/not a valid recovery phrase/)
  })

  it('refuses two swapped words (checksum), the mistake a list-copying person makes', () => {
    // Find a swap that changes the phrase (two equal words would not).
    for (let i = 0; i < 23; i++) {
      if (VALID[i] === VALID[i + 1]) continue
      const swapped = [...VALID]
      ;[swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!]
      const check = checkPhrase(swapped.join(' '))
      // A swap keeps the checksum valid with probability 1/256; look for one that breaks it.
      if (!check.valid) {
        expect(check.code).toBe('PHRASE_BAD_CHECKSUM')
        return
      }
    }
    throw new Error('no swap broke the checksum')
  })
})

describe('checkPhrase', () => {
  it('reports each failure as a code and message without throwing', () => {
    expect(checkPhrase(VALID.slice(0, 23).join(' '))).toMatchObject({ valid: false, code: 'PHRASE_WRONG_LENGTH' })
    expect(checkPhrase(`${VALID.slice(0, 23).join(' ')} notaword`)).toMatchObject({ valid: false, code: 'PHRASE_UNKNOWN_WORD' })
    const bad = checkPhrase(badChecksumPhrase())
    expect(bad.valid).toBe(false)
    expect(bad.code).toBe('PHRASE_BAD_CHECKSUM')
    expect(bad.message).toEqual(expect.any(String))
  })
})

describe('suggestWords', () => {
  it('completes a unique prefix and corrects small typos', () => {
    expect(suggestWords('aban')).toEqual(['abandon'])
    expect(suggestWords('zoo')).toEqual(['zoo'])
    expect(suggestWords('abilty')).toContain('ability')
    expect(suggestWords('xqzjvw')).toEqual([])
    expect(suggestWords('a'.repeat(100))).toEqual([])
  })
})
