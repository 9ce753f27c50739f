import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RpcClient } from '../../shared/rpc'
import type { TestCore } from '../helpers/core'
import { connect, createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

const PER_SIDE = Number(process.env.PLANET_DM_MESSAGES ?? 1000)

async function everyMessage(client: RpcClient, conversationId: string) {
  const out = []
  let before: number | undefined
  for (;;) {
    const page = await client.call('chats.listMessages', { conversationId, limit: 500, ...(before === undefined ? {} : { before }) })
    out.unshift(...page.messages)
    if (!page.hasMore) return out
    before = page.messages[0]!.position
  }
}

/** Cut a person off the network (as a laptop lid closing would) and bring them back. */
async function goOffline(person: TestCore): Promise<() => Promise<void>> {
  const swarm = person.core.people.current!.network.swarm!
  await swarm.suspend()
  for (const connection of swarm.connections) connection.destroy()
  return () => swarm.resume()
}

describe(`a DM with ${PER_SIDE} messages each way while one side goes offline and back`, () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore
  let conversationId: string

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    ;({ conversationId } = await connect(ada.client, ben.client, 'Ben'))
  }, 60_000)

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await testnet?.destroy()
  })

  it('ends with identical order and content on both sides, edits, deletes and reactions included', async () => {
    const half = PER_SIDE / 2
    const send = async (client: RpcClient, who: string, from: number, to: number) => {
      const ids: string[] = []
      for (let i = from; i < to; i++) ids.push((await client.call('chats.sendMessage', { conversationId, text: `${who} ${i}` })).id)
      return ids
    }
    // Online, interleaved.
    const [adaOnline, benOnline] = await Promise.all([send(ada.client, 'ada', 0, half), send(ben.client, 'ben', 0, half)])

    // Ben goes offline; both keep writing, edit, delete and react on their own side.
    const backOnline = await goOffline(ben)
    const [adaOffline, benOffline] = await Promise.all([send(ada.client, 'ada', half, PER_SIDE), send(ben.client, 'ben', half, PER_SIDE)])
    await ada.client.call('chats.editMessage', { conversationId, messageId: adaOnline[0]!, text: 'ada 0 (edited)' })
    await ben.client.call('chats.deleteMessage', { conversationId, messageId: benOnline[1]! })
    await ada.client.call('chats.react', { conversationId, messageId: benOnline[0]!, emoji: '🎉', on: true })
    await ben.client.call('chats.react', { conversationId, messageId: benOnline[0]!, emoji: '🎉', on: true })
    await ben.client.call('chats.react', { conversationId, messageId: adaOnline[1]!, emoji: '👍', on: true })
    await ben.client.call('chats.react', { conversationId, messageId: adaOnline[1]!, emoji: '👍', on: false })
    expect((await ada.client.call('network.getStatus', {})).rejectedOps).toBe(0)

    await backOnline()
    const total = 2 * PER_SIDE
    const [adaSees, benSees] = await waitFor(
      'both sides to hold every message in the same order',
      async () => {
        const [a, b] = await Promise.all([everyMessage(ada.client, conversationId), everyMessage(ben.client, conversationId)])
        if (a.length !== total || b.length !== total) return undefined
        const summary = (list: typeof a) => list.map((m) => `${m.id}|${m.text}|${m.deleted}|${m.editedAt !== null}|${m.reactions.map((r) => `${r.emoji}${r.count}`).join()}`)
        const same = JSON.stringify(summary(a)) === JSON.stringify(summary(b))
        return same ? ([a, b] as const) : undefined
      },
      120_000,
    )
    const positions = adaSees.map((m) => m.position)
    expect(new Set(positions).size).toBe(total)
    expect(positions).toEqual([...positions].sort((x, y) => x - y))
    const byId = new Map(benSees.map((m) => [m.id, m]))
    expect(byId.get(adaOnline[0]!)).toMatchObject({ text: 'ada 0 (edited)' })
    expect(byId.get(benOnline[1]!)).toMatchObject({ deleted: true, text: '' })
    expect(byId.get(benOnline[0]!)?.reactions).toEqual([expect.objectContaining({ emoji: '🎉', count: 2 })])
    expect(byId.get(adaOnline[1]!)?.reactions).toEqual([])
    // Every message of each side is there, in each author's own order.
    const texts = benSees.map((m) => m.text)
    expect(texts.filter((t) => t.startsWith('ada ')).length + texts.filter((t) => t.startsWith('ben ')).length + 1).toBe(total)
    for (const ids of [adaOnline, adaOffline, benOnline, benOffline]) {
      const positions = ids.map((id) => byId.get(id)!.position)
      expect(positions).toEqual([...positions].sort((x, y) => x - y))
    }
    expect((await ada.client.call('network.getStatus', {})).rejectedOps).toBe(0)
    expect((await ben.client.call('network.getStatus', {})).rejectedOps).toBe(0)
  }, 240_000)
})
