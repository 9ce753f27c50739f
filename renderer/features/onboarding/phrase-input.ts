import type { MethodOutput } from '../../../shared/contract'

type PhraseCheck = MethodOutput<'identity.checkPhrase'>

/** The words of a phrase as typed: any whitespace separates, case does not matter. */
export function splitPhrase(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean)
}

export const PHRASE_WORDS = 24

/**
 * The part of the text worth checking now: while the user is still typing a
 * word (no space after it yet, fewer than 24 words), that last word is left
 * out, so "aban" is not reported as unknown halfway through "abandon".
 */
export function phraseToCheck(text: string): string {
  const words = splitPhrase(text)
  const typingLastWord = !/\s$/.test(text) && words.length < PHRASE_WORDS
  return (typingLastWord ? words.slice(0, -1) : words).join(' ')
}

interface PhraseFeedback {
  /** Shown as the field's error (aria-invalid, described by). */
  error: string | null
  hint: string
  /** The live line under the field: word count or "looks right". */
  status: string
  ok: boolean
}

/**
 * What to tell the user about the phrase so far. An unknown word or a bad
 * checksum is an error at once; a short phrase is just "keep typing" until
 * they try to submit.
 */
export function describePhrase(count: number, check: PhraseCheck | undefined, submitted: boolean): PhraseFeedback {
  const hint = '24 words, in order, separated by spaces.'
  const counted = `${count} of ${PHRASE_WORDS} words`
  if (count === 0) return { error: submitted ? 'Enter your recovery phrase' : null, hint, status: '', ok: false }
  if (check?.valid && count === PHRASE_WORDS) return { error: null, hint, status: `${counted} — the phrase checks out`, ok: true }
  if (check && !check.valid && check.code !== 'PHRASE_WRONG_LENGTH') {
    return { error: check.message ?? 'This is not a valid recovery phrase', hint, status: counted, ok: false }
  }
  if (count > PHRASE_WORDS) return { error: `That is ${count} words; a recovery phrase has ${PHRASE_WORDS}.`, hint, status: counted, ok: false }
  if (count < PHRASE_WORDS && submitted) return { error: `Only ${count} words so far; a recovery phrase has ${PHRASE_WORDS}.`, hint, status: counted, ok: false }
  return { error: null, hint, status: counted, ok: false }
}
