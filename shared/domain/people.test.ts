import { describe, expect, it } from 'vitest'
import { LIMITS, contactId, emoji, messageText, shortId } from './people'

describe('emoji', () => {
  it.each([
    ['thumbs up', '👍'],
    ['party popper', '🎉'],
    ['red heart with variation selector', '❤️'],
    ['red heart without variation selector', '❤'],
    ['a flag (regional indicator pair)', '🇫🇷'],
    ['a ZWJ sequence', '👩‍💻'],
    ['a skin tone', '👍🏽'],
    ['a family', '👨‍👩‍👧‍👦'],
  ])('accepts %s', (_, value) => {
    expect(emoji.safeParse(value).success).toBe(true)
  })

  it.each([
    ['a letter', 'a'],
    ['a space', ' '],
    ['nothing', ''],
    ['words around an emoji', 'ab👍 c'],
    ['an emoji and a trailing space', '👍 '],
    ['an emoji and a line break', '👍\n'],
    ['a digit', '7'],
    ['punctuation', '!'],
    ['more emoji than the limit', '👍'.repeat(LIMITS.emoji + 1)],
  ])('refuses %s', (_, value) => {
    expect(emoji.safeParse(value).success).toBe(false)
  })

  it('says why in words', () => {
    const result = emoji.safeParse('a')
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('not an emoji')
  })
})

describe('messageText', () => {
  it.each(['', ' ', '   ', '\n', '\t \r\n', '\u00a0'])('refuses blank text %j', (value) => {
    const result = messageText.safeParse(value)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('write something first')
  })

  it('accepts text, keeping it as written', () => {
    expect(messageText.parse('  hello  ')).toBe('  hello  ')
    expect(messageText.parse('👍')).toBe('👍')
  })

  it(`accepts ${LIMITS.messageText} characters and refuses one more`, () => {
    expect(messageText.safeParse('x'.repeat(LIMITS.messageText)).success).toBe(true)
    const result = messageText.safeParse('x'.repeat(LIMITS.messageText + 1))
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe(`use at most ${LIMITS.messageText} characters`)
  })
})

describe('ids', () => {
  it('contact ids are 64 lower-case hex characters', () => {
    expect(contactId.safeParse('ab'.repeat(32)).success).toBe(true)
    expect(contactId.safeParse('AB'.repeat(32)).success).toBe(false)
    expect(contactId.safeParse('ab'.repeat(31)).success).toBe(false)
  })

  it('short ids are 32 lower-case hex characters', () => {
    expect(shortId.safeParse('0f'.repeat(16)).success).toBe(true)
    expect(shortId.safeParse('0f'.repeat(17)).success).toBe(false)
    expect(shortId.safeParse('zz'.repeat(16)).success).toBe(false)
  })
})
