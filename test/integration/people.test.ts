import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIMITS } from '../../shared/domain/people'
import type { TestCore } from '../helpers/core'
import { createTestCore } from '../helpers/core'
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

  it('raises alerts and a badge for news, clears them when read, and tells the sender (read receipt)', async () => {
    const conversationId = (await ada.client.call('chats.listConversations', {}))[0]!.id
    const { alerts } = await ada.client.call('alerts.list', {})
    expect(alerts.map((alert) => alert.kind)).toContain('invite-accepted')

    // Start from nothing unread: Ada has seen everything so far.
    const newest = (await ada.client.call('chats.listMessages', { conversationId })).messages.at(-1)!
    await ada.client.call('chats.markRead', { conversationId, messageId: newest.id })
    await ada.client.call('alerts.markRead', {})
    const before = (await ada.client.call('alerts.getBadge', {})).count
    expect(before).toBe(0)
    const badges: number[] = []
    ada.client.subscribe('alerts.onBadgeChanged', ({ count }) => badges.push(count))
    const first = await ben.client.call('chats.sendMessage', { conversationId, text: 'are you there?' })
    const second = await ben.client.call('chats.sendMessage', { conversationId, text: 'ping' })
    const alert = await waitFor('Ada’s message alert', async () =>
      (await ada.client.call('alerts.list', {})).alerts.find((item) => item.kind === 'message' && item.readAt === null && item.title === '2 new messages from Ben'),
    )
    expect(alert).toMatchObject({ route: `/chats/${conversationId}`, body: 'ping' })
    expect((await ada.client.call('alerts.getBadge', {})).count).toBeGreaterThanOrEqual(before + 3) // 1 alert + 2 unread messages
    expect((await ada.client.call('chats.getConversation', { conversationId })).unreadCount).toBe(2)
    expect(badges.length).toBeGreaterThan(0)

    await ada.client.call('chats.markRead', { conversationId, messageId: second.id })
    expect((await ada.client.call('chats.getConversation', { conversationId })).unreadCount).toBe(0)
    expect((await ada.client.call('alerts.list', {})).alerts.find((item) => item.id === alert.id)?.readAt).not.toBeNull()
    expect((await ada.client.call('alerts.getBadge', {})).count).toBe(before)
    await waitFor('Ben to see his messages read', async () => {
      const { messages } = await ben.client.call('chats.listMessages', { conversationId })
      return messages.filter((m) => m.id === first.id || m.id === second.id).every((m) => m.delivery === 'read')
    })
  }, 60_000)

  it('sends a file: streamed in, fetched by the peer with progress, byte for byte', async () => {
    const conversationId = (await ada.client.call('chats.listConversations', {}))[0]!.id
    await expect(ada.client.call('chats.startUpload', { name: 'huge.iso', size: LIMITS.attachmentBytes + 1 })).rejects.toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' })

    const file = randomBytes(1_300_000)
    const { uploadId, chunkBytes } = await ada.client.call('chats.startUpload', { name: 'photo.jpg', size: file.length, mime: 'image/jpeg' })
    await expect(ada.client.call('chats.sendMessage', { conversationId, text: 'too early', uploadIds: [uploadId] })).rejects.toMatchObject({ code: 'UPLOAD_INCOMPLETE' })
    await expect(ada.client.call('chats.uploadChunk', { uploadId, offset: 5, data: 'AAAA' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    for (let offset = 0; offset < file.length; offset += chunkBytes) {
      await ada.client.call('chats.uploadChunk', { uploadId, offset, data: file.subarray(offset, offset + chunkBytes).toString('base64') })
    }
    const sent = await ada.client.call('chats.sendMessage', { conversationId, text: 'the photo', uploadIds: [uploadId] })
    expect(sent.attachments).toEqual([expect.objectContaining({ name: 'photo.jpg', size: file.length, mime: 'image/jpeg', state: 'available' })])
    const attachmentId = sent.attachments[0]!.id

    await waitFor('Ben to get the message', async () => (await ben.client.call('chats.listMessages', { conversationId })).messages.some((m) => m.id === sent.id))
    const progress: number[] = []
    ben.client.subscribe('chats.onAttachmentProgress', (event) => progress.push(event.received))
    await ben.client.call('chats.downloadAttachment', { conversationId, messageId: sent.id, attachmentId })
    await waitFor('the download to finish', async () => {
      const message = (await ben.client.call('chats.listMessages', { conversationId })).messages.find((m) => m.id === sent.id)
      return message?.attachments[0]?.state === 'available'
    })
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toBe(file.length)
    const parts: Buffer[] = []
    for (let offset = 0, done = false; !done; ) {
      const chunk = await ben.client.call('chats.readAttachment', { conversationId, messageId: sent.id, attachmentId, offset, length: 400_000 })
      const bytes = Buffer.from(chunk.data, 'base64')
      parts.push(bytes)
      offset += bytes.length
      done = chunk.done
    }
    expect(Buffer.concat(parts).equals(file)).toBe(true)

    // After a restart (a new Core on the same data dir, offline), the file is still known to be here.
    await ben.core.close()
    const restarted = await createTestCore({ dataDir: ben.dataDir })
    try {
      await restarted.client.call('vault.unlock', { passphrase: 'correct horse battery' })
      const again = (await restarted.client.call('chats.listMessages', { conversationId })).messages.find((m) => m.id === sent.id)
      expect(again?.attachments[0]).toMatchObject({ state: 'available', received: file.length })
      const firstBytes = await restarted.client.call('chats.readAttachment', { conversationId, messageId: sent.id, attachmentId, length: 1000 })
      expect(Buffer.from(firstBytes.data, 'base64').equals(file.subarray(0, 1000))).toBe(true)
    } finally {
      await restarted.core.close()
    }
  }, 60_000)
})
