import { describe, expect, it } from 'vitest'
import { emoji } from '../../../shared/domain/people'
import { REACTION_EMOJIS, reactLabel } from './emoji'

describe('REACTION_EMOJIS', () => {
  it('holds about eight distinct emojis', () => {
    expect(REACTION_EMOJIS.length).toBe(8)
    expect(new Set(REACTION_EMOJIS).size).toBe(REACTION_EMOJIS.length)
  })
  it.each(REACTION_EMOJIS)('%s passes the core’s emoji check', (value) => {
    expect(emoji.safeParse(value).success).toBe(true)
  })
  it('labels each button', () => {
    expect(reactLabel('👍')).toBe('React with 👍')
  })
})
