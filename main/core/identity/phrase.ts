import { entropyToMnemonic, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { randomBytes } from 'node:crypto'
import { RpcError } from '../../../shared/rpc/errors'

/**
 * Recovery phrases: generation, normalisation and validation with errors a
 * person can act on. PLANET phrases are 24 words of the BIP39 English list
 * (256 bits of entropy + 8 bits of checksum).
 */

export const PHRASE_WORDS = 24
/** 256 bits: the BIP39 strength that gives 24 words. */
const ENTROPY_BYTES = 32

export type PhraseErrorCode = 'PHRASE_WRONG_LENGTH' | 'PHRASE_UNKNOWN_WORD' | 'PHRASE_BAD_CHECKSUM'

export interface PhraseCheck {
  valid: boolean
  code: PhraseErrorCode | null
  message: string | null
}

const WORD_INDEX = new Map(wordlist.map((word, index) => [word, index]))

/** A fresh phrase from 32 bytes of the OS CSPRNG. */
export function generatePhrase(): string[] {
  const entropy = randomBytes(ENTROPY_BYTES)
  const words = entropyToMnemonic(entropy, wordlist).split(' ')
  entropy.fill(0)
  return words
}

/**
 * One word as BIP39 compares words: Unicode NFKD (so full-width letters from
 * some keyboards become ASCII), lower case, no surrounding space.
 */
export function normalizeWord(word: string): string {
  return word.normalize('NFKD').toLowerCase().trim()
}

/**
 * Split what the user typed or pasted into normalised words: NFKD, lower case,
 * any run of whitespace (spaces, tabs, new lines, non-breaking and ideographic
 * spaces) as one separator, nothing at either end. Does not validate.
 */
export function normalizePhrase(input: string): string[] {
  const text = input.normalize('NFKD').toLowerCase().trim()
  return text === '' ? [] : text.split(/\s+/u)
}

/**
 * The validated words of a phrase, or an RpcError with one of the three
 * phrase codes. Checks run in the order that helps a person fixing it:
 *   1. an unknown word (first one, 1-based position, with close suggestions):
 *      fixable on the spot, and a typo also makes the count look right;
 *   2. the number of words (24 needed; 12-word wallet phrases are refused,
 *      PLANET always writes 256-bit phrases);
 *   3. the BIP39 checksum (all words known, but one is wrong or two are swapped).
 */
export function parsePhrase(input: string): string[] {
  const words = normalizePhrase(input)

  for (const [index, word] of words.entries()) {
    if (WORD_INDEX.has(word)) continue
    const position = index + 1
    const suggestions = suggestWords(word)
    const hint = suggestions.length > 0 ? ` Did you mean ${orList(suggestions.map((s) => `"${s}"`))}?` : ''
    throw new RpcError(
      'PHRASE_UNKNOWN_WORD',
      `Word ${position}, "${clip(word)}", is not in the recovery word list.${hint}`,
      { position, word: clip(word), suggestions },
    )
  }

  if (words.length !== PHRASE_WORDS) {
    const given = words.length === 1 ? '1 word was given' : `${words.length} words were given`
    throw new RpcError('PHRASE_WRONG_LENGTH', `A recovery phrase has ${PHRASE_WORDS} words; ${given}.`, {
      count: words.length,
      expected: PHRASE_WORDS,
    })
  }

  if (!validateMnemonic(words.join(' '), wordlist)) {
    throw new RpcError(
      'PHRASE_BAD_CHECKSUM',
      'Every word is in the list, but together they are not a valid recovery phrase: check for a mistyped or swapped word.',
    )
  }
  return words
}

/** parsePhrase without the throw, for identity.checkPhrase (the restore form checks as the user types). */
export function checkPhrase(input: string): PhraseCheck {
  try {
    parsePhrase(input)
    return { valid: true, code: null, message: null }
  } catch (error) {
    if (error instanceof RpcError && isPhraseErrorCode(error.code)) return { valid: false, code: error.code, message: error.message }
    throw error
  }
}

/**
 * Up to three list words close to what was typed: words it is a prefix of
 * (BIP39 English words are unique in their first four letters, so "aban" is
 * unambiguous), then words within two edits (typos, a dropped letter).
 */
export function suggestWords(typed: string, limit = 3): string[] {
  if (typed.length === 0 || typed.length > 20) return []
  const byPrefix = typed.length >= 3 ? wordlist.filter((word) => word.startsWith(typed)) : []
  if (byPrefix.length > 0 && byPrefix.length <= limit) return byPrefix
  const scored: Array<{ word: string; distance: number }> = []
  for (const word of wordlist) {
    if (Math.abs(word.length - typed.length) > 2) continue
    const distance = editDistance(typed, word, 2)
    if (distance <= 2) scored.push({ word, distance })
  }
  scored.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word))
  return scored.slice(0, limit).map((s) => s.word)
}

function isPhraseErrorCode(code: string): code is PhraseErrorCode {
  return code === 'PHRASE_WRONG_LENGTH' || code === 'PHRASE_UNKNOWN_WORD' || code === 'PHRASE_BAD_CHECKSUM'
}

/** Levenshtein distance, giving up (returning max + 1) once every path exceeds max. */
function editDistance(a: string, b: string, max: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      current.push(value)
      best = Math.min(best, value)
    }
    if (best > max) return max + 1
    previous = current
  }
  return previous[b.length]!
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

/** Words come back in messages; a pasted paragraph should not. */
function clip(word: string): string {
  return word.length > 50 ? `${word.slice(0, 49)}…` : word
}
