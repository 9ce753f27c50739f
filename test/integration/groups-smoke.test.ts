import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestCore } from '../helpers/core'
import { connect, createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

describe('groups: the basic flows', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore
  let cy: TestCore

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    cy = await createPerson(testnet, 'Cy')
  })

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await cy?.cleanup()
    await testnet?.destroy()
  })

  it('create, invite a contact in the DM, chat, and join by an open link', async () => {
    const group = await ada.client.call('groups.create', { name: 'Garden', purpose: 'Grow things', mode: 'working', visibility: 'open' })
    expect(group).toMatchObject({ name: 'Garden', mode: 'working', myRole: 'owner', memberCount: 1, singleAdmin: true })

    const { inviteeId: benId } = await connect(ada.client, ben.client, 'Ben')
    await ada.client.call('groups.inviteContact', { groupId: group.id, contactId: benId })
    const invitation = await waitFor('Ben to get the invitation', async () => (await ben.client.call('groups.listInvitations', {}))[0])
    expect(invitation).toMatchObject({ groupName: 'Garden', status: 'pending' })
    await ben.client.call('groups.acceptInvitation', { id: invitation.id })
    await waitFor('Ben to be a member', async () => (await ben.client.call('groups.get', { groupId: group.id })).ready)

    const hello = await ben.client.call('chats.sendMessage', { conversationId: group.id, text: 'hi all', mentions: [] })
    const seen = await waitFor('Ada to see Ben’s message', async () => (await ada.client.call('chats.listMessages', { conversationId: group.id })).messages.find((m) => m.id === hello.id))
    expect(seen).toMatchObject({ text: 'hi all', authorName: 'Ben', readable: true })

    const link = await ada.client.call('groups.createLink', { groupId: group.id })
    const joined = await cy.client.call('groups.join', { code: link.code })
    expect(joined).toEqual({ groupId: group.id, status: 'joined' })
    await waitFor('Cy to be ready', async () => (await cy.client.call('groups.get', { groupId: group.id })).ready)
    const members = await waitFor('Ada to list three members with names', async () => {
      const list = await ada.client.call('groups.listMembers', { groupId: group.id })
      return list.length === 3 && list.every((m) => !m.name.startsWith('Member ')) ? list : undefined
    })
    expect(members.map((m) => [m.name, m.role, m.verified])).toEqual([
      ['Ada', 'owner', true],
      ['Ben', 'member', true],
      ['Cy', 'member', true],
    ])
    const welcome = await ada.client.call('chats.sendMessage', { conversationId: group.id, text: 'welcome Cy' })
    const history = await waitFor('Cy to see messages from their join', async () => {
      const { messages } = await cy.client.call('chats.listMessages', { conversationId: group.id })
      return messages.some((m) => m.id === welcome.id) ? messages : undefined
    })
    expect(history.some((m) => m.id === hello.id)).toBe(false)

    // Ben leaves: his old "yes" does not bring him back, a new invitation does.
    await ben.client.call('groups.leave', { groupId: group.id })
    await waitFor('Ada to see Ben gone', async () => (await ada.client.call('groups.get', { groupId: group.id })).memberCount === 2, 10_000)
    await waitFor('a new epoch without Ben', async () => (await ada.client.call('groups.get', { groupId: group.id })).epoch === 1, 10_000)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect((await ada.client.call('groups.listMembers', { groupId: group.id })).map((m) => m.name)).toEqual(['Ada', 'Cy'])
    expect((await ben.client.call('groups.get', { groupId: group.id })).membership).toBe('left')
    await ada.client.call('groups.inviteContact', { groupId: group.id, contactId: benId })
    const again = await waitFor('Ben to get the new invitation', async () => (await ben.client.call('groups.listInvitations', {})).find((item) => item.status === 'pending'), 10_000)
    await ben.client.call('groups.acceptInvitation', { id: again.id })
    await waitFor('Ben to be a member again', async () => {
      const mine = await ben.client.call('groups.get', { groupId: group.id })
      return mine.membership === 'member' && mine.ready
    }, 10_000)
    const back = await ben.client.call('chats.sendMessage', { conversationId: group.id, text: 'back again' })
    await waitFor('Cy to read Ben’s message', async () => (await cy.client.call('chats.listMessages', { conversationId: group.id })).messages.find((m) => m.id === back.id)?.readable)
  }, 120_000)
})
