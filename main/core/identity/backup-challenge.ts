import { randomInt } from 'node:crypto'
import { RpcError } from '../../../shared/rpc/errors'
import { PHRASE_WORDS, normalizeWord } from './phrase'

/**
 * The check that the user really wrote their phrase down: they are asked for
 * the words at a few random positions. Positions come from the OS CSPRNG so
 * a user cannot learn which words "always" get asked (and skip the others).
 */

export const CHALLENGE_SIZE = 3

/** CHALLENGE_SIZE distinct 1-based positions, ascending (the order a person checks a written list). */
export function chooseChallengePositions(): number[] {
  const positions = new Set<number>()
  while (positions.size < CHALLENGE_SIZE) positions.add(randomInt(1, PHRASE_WORDS + 1))
  return [...positions].sort((a, b) => a - b)
}

/**
 * Throws BACKUP_WORDS_MISMATCH unless `answers` are exactly the pending
 * challenge's positions, each with the right word (compared normalised, so
 * " Abandon " matches). The message names the wrong positions but never the
 * expected words.
 */
export function checkChallengeAnswers(
  phrase: readonly string[],
  challenge: readonly number[] | null,
  answers: ReadonlyArray<{ position: number; word: string }>,
): void {
  if (challenge === null) {
    throw new RpcError('BACKUP_WORDS_MISMATCH', 'There is no backup check in progress; ask for new positions to confirm.')
  }
  const asked = [...challenge].sort((a, b) => a - b)
  const answered = answers.map((a) => a.position).sort((a, b) => a - b)
  if (asked.length !== answered.length || asked.some((position, i) => position !== answered[i])) {
    throw new RpcError(
      'BACKUP_WORDS_MISMATCH',
      `Confirm the words at positions ${asked.join(', ')} of your recovery phrase.`,
      { expectedPositions: asked },
    )
  }
  const wrong = answers.filter((a) => normalizeWord(a.word) !== phrase[a.position - 1]).map((a) => a.position).sort((a, b) => a - b)
  if (wrong.length > 0) {
    const which = wrong.length === 1 ? `word ${wrong[0]} does` : `words ${andList(wrong)} do`
    throw new RpcError('BACKUP_WORDS_MISMATCH', `The ${which} not match your recovery phrase. Check what you wrote down.`, {
      positions: wrong,
    })
  }
}

/** [3, 11, 20] → "3, 11 and 20". */
function andList(items: readonly number[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
