import { describe, expect, it } from 'vitest'
import { parseGroupLocation } from './group-location'

const thread = 'ab'.repeat(16)

describe('parseGroupLocation', () => {
  it('opens the chat by default', () => {
    expect(parseGroupLocation('', 'chat')).toEqual({ tab: 'chat', threadId: null })
    expect(parseGroupLocation('nonsense', 'chat')).toEqual({ tab: 'chat', threadId: null })
  })
  it('reads a tab and a Discuss thread', () => {
    expect(parseGroupLocation('members', 'chat')).toEqual({ tab: 'members', threadId: null })
    expect(parseGroupLocation('news', 'chat')).toEqual({ tab: 'news', threadId: null })
    expect(parseGroupLocation(`discuss/${thread}`, 'chat')).toEqual({ tab: 'discuss', threadId: thread })
    expect(parseGroupLocation('discuss/not-a-thread', 'chat')).toEqual({ tab: 'discuss', threadId: null })
  })
  it('only shows the tools the mode has', () => {
    expect(parseGroupLocation('folders', 'working').tab).toBe('folders')
    expect(parseGroupLocation('folders', 'trading').tab).toBe('folders')
    expect(parseGroupLocation('folders', 'chat').tab).toBe('chat')
    // A link from before folders replaced the placeholder "docs" tab lands on the chat.
    expect(parseGroupLocation('docs', 'working').tab).toBe('chat')
    expect(parseGroupLocation('payments', 'trading').tab).toBe('payments')
  })
})
