import { describe, expect, it } from 'vitest'
import { activeMention, insertMention, matchingCandidates, mentionedIds } from './mentions'

const ada = { id: 'a', name: 'Ada Lovelace' }
const ann = { id: 'n', name: 'Ann' }
const anna = { id: 'm', name: 'Anna' }

describe('activeMention', () => {
  it('finds the @word before the cursor', () => {
    expect(activeMention('hi @Ad', 6)).toEqual({ start: 3, query: 'Ad' })
    expect(activeMention('@', 1)).toEqual({ start: 0, query: '' })
    expect(activeMention('hi @Ad there', 6)).toEqual({ start: 3, query: 'Ad' })
  })
  it('ignores e-mail addresses and finished words', () => {
    expect(activeMention('mail ada@example.org', 20)).toBeNull()
    expect(activeMention('hi @Ada ', 8)).toBeNull()
    expect(activeMention('no mention', 10)).toBeNull()
  })
})

describe('matchingCandidates', () => {
  it('matches the start of the name or of any word, any case', () => {
    expect(matchingCandidates([ada, ann, anna], 'an')).toEqual([ann, anna])
    expect(matchingCandidates([ada, ann, anna], 'love')).toEqual([ada])
    expect(matchingCandidates([ada, ann, anna], '')).toHaveLength(3)
  })
})

describe('insertMention', () => {
  it('replaces the query with the whole name and a space', () => {
    expect(insertMention('hi @Ad', 3, 6, 'Ada Lovelace')).toEqual({ text: 'hi @Ada Lovelace ', cursor: 17 })
    expect(insertMention('@A and more', 0, 2, 'Ann')).toEqual({ text: '@Ann and more', cursor: 5 })
  })
})

describe('mentionedIds', () => {
  it('finds whole names only', () => {
    expect(mentionedIds('hi @Anna!', [ann, anna])).toEqual(['m'])
    expect(mentionedIds('@Ann and @Ada Lovelace, look', [ada, ann, anna])).toEqual(['a', 'n'])
    expect(mentionedIds('mail ann@Ann.org', [ann])).toEqual([])
    expect(mentionedIds('(@Ann)', [ann])).toEqual(['n'])
  })
  it('sends nothing for a mention deleted from the draft', () => {
    expect(mentionedIds('hi everyone', [ada, ann])).toEqual([])
  })
})
