import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Demo } from '../../scripts/demo'
import {
  DEMO_ANNOUNCEMENT,
  DEMO_BLOG_POST,
  DEMO_COMMENT,
  DEMO_CONVERSATION,
  DEMO_GROUP,
  DEMO_GROUP_CHAT,
  DEMO_PASSPHRASE,
  DEMO_REACTION,
  DEMO_REPLY,
  runDemo,
} from '../../scripts/demo'
import { makeTempDir } from '../helpers/core'
import { connectRpc } from '../helpers/ws-client'

/**
 * `npm run demo` (scripts/demo.ts), run through its exported runDemo: the same
 * steps, on a loopback testnet, with the network guard on. Checks what a person
 * opening the two printed addresses would find.
 */
describe('the two-person demo', () => {
  let temp: { dir: string; cleanup: () => Promise<void> }
  let demo: Demo | undefined
  const lines: string[] = []

  beforeAll(async () => {
    temp = await makeTempDir('planet-demo-test-')
    const staticDir = join(temp.dir, 'renderer')
    await mkdir(staticDir)
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>PLANET demo test</title>')
    demo = await runDemo({ log: (line) => lines.push(line), staticDir, tempRoot: temp.dir })
  }, 120_000)

  afterAll(async () => {
    await demo?.close()
    await temp?.cleanup()
  })

  it('reports every step and both addresses', () => {
    const text = lines.join('\n')
    expect(text).toContain('✓ Ada sees Ben connected')
    expect(text).toContain(`✓ both sides have all ${DEMO_CONVERSATION.length} messages`)
    expect(text).toContain('✓ Ben accepted Ada’s invitation and joined the group')
    expect(demo!.ada.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/)
    expect(demo!.ben.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/)
    expect(demo!.ada.url).not.toBe(demo!.ben.url)
    expect(demo!.bootstrap).toMatch(/^127\.0\.0\.1:\d+/)
  })

  it('each printed address opens that person’s app with the whole conversation and the reaction', async () => {
    for (const person of [demo!.ada, demo!.ben]) {
      const rpc = await connectRpc(person.url)
      try {
        expect(await rpc.client.call('identity.get', {})).toMatchObject({ profile: { displayName: person.name } })
        const { messages } = await rpc.client.call('chats.listMessages', { conversationId: person.conversationId })
        expect(messages.map((message) => [message.authorName, message.text])).toEqual(DEMO_CONVERSATION.map(([speaker, text]) => [speaker, text]))
        expect(messages.map((message) => message.mine)).toEqual(DEMO_CONVERSATION.map(([speaker]) => speaker === person.name))
        expect(messages[0]!.reactions).toEqual([expect.objectContaining({ emoji: DEMO_REACTION, count: 1, mine: person.name === 'Ben' })])
        const contacts = await rpc.client.call('contacts.list', {})
        expect(contacts).toEqual([expect.objectContaining({ displayName: person.name === 'Ada' ? 'Ben' : 'Ada', status: 'connected' })])
        const groups = await rpc.client.call('groups.list', {})
        expect(groups).toEqual([expect.objectContaining({ name: DEMO_GROUP.name, mode: 'working', memberCount: 2, myRole: person.name === 'Ada' ? 'owner' : 'member' })])
        const chat = await rpc.client.call('chats.listMessages', { conversationId: person.groupId })
        expect(chat.messages.map((message) => [message.authorName, message.text])).toEqual(DEMO_GROUP_CHAT.map(([speaker, text]) => [speaker, text]))
        const news = await rpc.client.call('chats.listMessages', { conversationId: person.groupId, channel: 'announcements' })
        expect(news.messages.map((message) => message.text)).toEqual([DEMO_ANNOUNCEMENT])
        // Ben follows Ada's #regenerative; Ada's own posts are always in her Home.
        const home = await rpc.client.call('feeds.getFeed', { feedId: 'home' })
        const blogPost = home.entries.find((entry) => entry.post !== null)?.post
        expect(blogPost).toMatchObject({ title: DEMO_BLOG_POST.title, authorName: 'Ada', signature: 'verified' })
        const thread = await rpc.client.call('feeds.getPost', { authorId: blogPost!.authorId, id: blogPost!.id })
        expect(thread.comments.map((comment) => [comment.authorName, comment.body])).toEqual([
          ['Ben', DEMO_COMMENT],
          ['Ada', DEMO_REPLY],
        ])
      } finally {
        await rpc.close()
      }
    }
  })

  it('the printed passphrase unlocks a vault that locked itself', async () => {
    const { ada } = demo!
    ada.core.lock('idle')
    expect((await ada.client.try('contacts.list', {})).ok).toBe(false)
    await ada.client.call('vault.unlock', { passphrase: DEMO_PASSPHRASE })
    expect(await ada.client.call('contacts.list', {})).toHaveLength(1)
  })

  it('close() stops everything and deletes the demo’s data', async () => {
    const { dir } = demo!
    expect(existsSync(dir)).toBe(true)
    await demo!.close()
    await demo!.close()
    expect(existsSync(dir)).toBe(false)
  })
})
