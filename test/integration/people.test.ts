import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestCore } from '../helpers/core'
import { connect, createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

describe('two people on a loopback testnet', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
  })

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await testnet?.destroy()
  })

  it('invite → connected on both sides, and the invitee lands in a DM with the inviter', async () => {
    const { conversationId, inviterId, inviteeId } = await connect(ada.client, ben.client, 'Ben')
    const adaSeesBen = await ada.client.call('contacts.get', { id: inviteeId })
    expect(adaSeesBen).toMatchObject({ status: 'connected', invitedBy: 'me', displayName: 'Ben', conversationId })
    const benSeesAda = await waitFor('Ben to learn Ada’s name', async () => {
      const contact = await ben.client.call('contacts.get', { id: inviterId })
      return contact.displayName === 'Ada' ? contact : undefined
    })
    expect(benSeesAda).toMatchObject({ status: 'connected', invitedBy: 'them', conversationId })
    expect(benSeesAda.connectedSince).toBe(adaSeesBen.connectedSince)

    const sent = await ben.client.call('chats.sendMessage', { conversationId, text: 'Hello **Ada**' })
    const received = await waitFor('Ada to receive Ben’s message', async () => {
      const { messages } = await ada.client.call('chats.listMessages', { conversationId })
      return messages.find((message) => message.id === sent.id)
    })
    expect(received).toMatchObject({ text: 'Hello **Ada**', authorName: 'Ben', mine: false })

    await ada.client.call('chats.react', { conversationId, messageId: sent.id, emoji: '👍', on: true })
    await waitFor('Ben to see Ada’s reaction', async () => {
      const { messages } = await ben.client.call('chats.listMessages', { conversationId })
      const reaction = messages.find((message) => message.id === sent.id)?.reactions[0]
      return reaction?.emoji === '👍' && reaction.authorNames.includes('Ada')
    })
  }, 60_000)
})
