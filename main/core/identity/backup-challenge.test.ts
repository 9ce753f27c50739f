import { describe, expect, it } from 'vitest'
import { RpcError } from '../../../shared/rpc/errors'
import { CHALLENGE_SIZE, checkChallengeAnswers, chooseChallengePositions } from './backup-challenge'
import { generatePhrase } from './phrase'

const phrase = generatePhrase()
const answer = (positions: number[]) => positions.map((position) => ({ position, word: phrase[position - 1]! }))

function codeOf(fn: () => void): { code: string; message: string; details?: Record<string, unknown> } | null {
  try {
    fn()
    return null
  } catch (error) {
    if (error instanceof RpcError) return { code: error.code, message: error.message, details: error.details }
    throw error
  }
}

describe('chooseChallengePositions', () => {
  it('picks 3 distinct positions in 1..24, ascending, and not always the same ones', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 50; i++) {
      const positions = chooseChallengePositions()
      expect(positions).toHaveLength(CHALLENGE_SIZE)
      expect(new Set(positions).size).toBe(CHALLENGE_SIZE)
      expect(positions.every((p) => Number.isInteger(p) && p >= 1 && p <= 24)).toBe(true)
      expect([...positions].sort((a, b) => a - b)).toEqual(positions)
      seen.add(positions.join(','))
    }
    // 2024 possible triples; 50 draws landing on a handful would mean a broken RNG.
    expect(seen.size).toBeGreaterThan(40)
  })
})

describe('checkChallengeAnswers', () => {
  it('accepts the right words, in any order and however they were typed', () => {
    expect(codeOf(() => checkChallengeAnswers(phrase, [3, 11, 20], answer([20, 3, 11])))).toBeNull()
    const messy = answer([3, 11, 20]).map((a) => ({ ...a, word: `  ${a.word.toUpperCase()} ` }))
    expect(codeOf(() => checkChallengeAnswers(phrase, [3, 11, 20], messy))).toBeNull()
  })

  it('names the wrong positions, never the expected words', () => {
    const answers = answer([3, 11, 20])
    answers[1] = { position: 11, word: phrase[11 - 1] === 'zoo' ? 'abandon' : 'zoo' }
    const error = codeOf(() => checkChallengeAnswers(phrase, [3, 11, 20], answers))
    expect(error).toMatchObject({ code: 'BACKUP_WORDS_MISMATCH', details: { positions: [11] } })
    expect(error?.message).toContain('word 11')
    expect(error?.message).not.toContain(phrase[10]!)
  })

  it('lists several wrong positions', () => {
    const answers = [3, 11, 20].map((position) => ({ position, word: 'wrong' }))
    const error = codeOf(() => checkChallengeAnswers(phrase, [3, 11, 20], answers))
    expect(error?.message).toContain('words 3, 11 and 20 do not match')
  })

  it('refuses answers for positions other than the ones asked', () => {
    const error = codeOf(() => checkChallengeAnswers(phrase, [3, 11, 20], answer([1, 2, 3])))
    expect(error).toMatchObject({ code: 'BACKUP_WORDS_MISMATCH', details: { expectedPositions: [3, 11, 20] } })
    expect(codeOf(() => checkChallengeAnswers(phrase, [3, 11, 20], answer([3, 3, 11])))?.code).toBe('BACKUP_WORDS_MISMATCH')
  })

  it('refuses when no challenge is pending', () => {
    expect(codeOf(() => checkChallengeAnswers(phrase, null, answer([3, 11, 20])))?.code).toBe('BACKUP_WORDS_MISMATCH')
  })
})
