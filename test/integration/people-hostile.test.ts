import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeOp } from '../../main/core/spaces/op-envelope'
import { deriveIdentityKeys } from '../../main/core/identity/derivation'
import { generatePhrase } from '../../main/core/identity/phrase'
import type { SpaceOp } from '../../shared/domain/ops'
import type { TestCore } from '../helpers/core'
import { connect, createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

describe('bad input from a peer and bad invites', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore
  let carol: TestCore
  let conversationId: string

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    carol = await createPerson(testnet, 'Carol')
    ;({ conversationId } = await connect(ada.client, ben.client, 'Ben'))
  }, 60_000)

  afterAll(async () => {
    for (const person of [ada, ben, carol]) await person?.cleanup()
    await testnet?.destroy()
  })

  it('rejects forged, unsigned, malformed, oversized and replayed ops from a member, counts them and keeps working', async () => {
    const session = ben.core.people.current!
    const space = session.spaces.get(conversationId)!
    const before = (await ada.client.call('network.getStatus', {})).rejectedOps
    const adaId = (await ada.client.call('identity.get', {})).publicKey
    const base = { at: Date.now(), sp: conversationId }
    const post = (text: string): SpaceOp => ({ t: 'message.post', id: randomBytes(16).toString('hex'), text, ...base })

    // 1. Ben's writer claims Ada wrote it: signed by Ben's key but labelled Ada.
    const forged = JSON.parse(encodeOp(post('I am Ada'), session.identity.signing).toString()) as Record<string, string>
    forged.a = adaId
    await space.appendRaw(Buffer.from(JSON.stringify(forged)))
    // 2. An outsider's identity signs a well-formed op (valid signature, not a member's writer).
    const outsider = deriveIdentityKeys(generatePhrase())
    await space.appendRaw(encodeOp(post('let me in'), outsider.signing))
    // 3. Unsigned.
    await space.appendRaw(Buffer.from(JSON.stringify({ v: 1, p: JSON.stringify(post('no signature')) })))
    // 4. Not JSON at all.
    await space.appendRaw(Buffer.from([0xff, 0x00, 0x13, 0x37]))
    // 5. Oversized (over LIMITS.opBytes).
    await space.appendRaw(Buffer.alloc(70 * 1024, 0x61))
    // 6. A replay of an op already accepted.
    const original = post('said once')
    await space.append(original, session.identity.signing)
    await space.appendRaw(encodeOp(original, session.identity.signing))
    // 7. Editing someone else's message.
    const adaMessage = await ada.client.call('chats.sendMessage', { conversationId, text: 'mine to edit' })
    await waitFor('Ben to get Ada’s message', async () => (await ben.client.call('chats.listMessages', { conversationId })).messages.some((m) => m.id === adaMessage.id))
    await space.append({ t: 'message.edit', id: randomBytes(16).toString('hex'), target: adaMessage.id, text: 'hijacked', ...base }, session.identity.signing)
    // 8. A well-signed op for another space (replayed across spaces).
    await space.appendRaw(encodeOp({ ...post('wrong room'), sp: randomBytes(32).toString('hex') }, session.identity.signing))
    // A good one after all that still arrives.
    const after = await ben.client.call('chats.sendMessage', { conversationId, text: 'still here' })

    const adaView = await waitFor('Ada to get the good message after the bad ones', async () => {
      const { messages } = await ada.client.call('chats.listMessages', { conversationId })
      return messages.some((m) => m.id === after.id) ? messages : undefined
    })
    const texts = adaView.map((m) => m.text)
    expect(texts).toContain('said once')
    expect(texts.filter((t) => t === 'said once')).toHaveLength(1)
    for (const bad of ['I am Ada', 'let me in', 'no signature', 'hijacked', 'wrong room']) expect(texts).not.toContain(bad)
    expect(adaView.find((m) => m.id === adaMessage.id)).toMatchObject({ text: 'mine to edit', editedAt: null })
    const status = await waitFor('Ada to count 8 rejected ops', async () => {
      const s = await ada.client.call('network.getStatus', {})
      return s.rejectedOps - before >= 8 ? s : undefined
    })
    expect(status.rejectedOps - before).toBe(8)
    // Ben rejects his own bad appends the same way: both views agree.
    const benView = (await ben.client.call('chats.listMessages', { conversationId })).messages.map((m) => m.id)
    expect(benView).toEqual(adaView.map((m) => m.id))
  }, 60_000)

  it('refuses a used invite, a revoked one, an expired one, a malformed one and one’s own', async () => {
    const used = await ada.client.call('invites.list', {})
    const usedInvite = used.find((invite) => invite.status === 'accepted')!
    await expect(carol.client.call('invites.accept', { code: usedInvite.code })).rejects.toMatchObject({ code: 'INVITE_USED' })

    const revoked = await ada.client.call('invites.create', { label: 'Dan' })
    await ada.client.call('invites.revoke', { id: revoked.id })
    await expect(carol.client.call('invites.accept', { code: revoked.code })).rejects.toMatchObject({ code: 'INVITE_REVOKED' })
    expect((await ada.client.call('invites.list', {})).find((invite) => invite.id === revoked.id)?.status).toBe('revoked')

    await expect(carol.client.call('invites.accept', { code: 'ABCDE-FGHJK' })).rejects.toMatchObject({ code: 'INVITE_MALFORMED' })
    const typo = revoked.code.slice(0, -1) + (revoked.code.endsWith('0') ? '1' : '0')
    await expect(carol.client.call('invites.accept', { code: typo })).rejects.toMatchObject({ code: 'INVITE_MALFORMED' })

    const own = await carol.client.call('invites.create', {})
    await expect(carol.client.call('invites.accept', { code: own.link })).rejects.toMatchObject({ code: 'INVITE_OWN' })
    expect(await carol.client.call('invites.check', { code: own.code })).toMatchObject({ valid: false, code: 'INVITE_OWN' })

    // Expiry is the inviter's call: an invite whose time has passed is refused by Ada's app.
    const expiring = await ada.client.call('invites.create', { label: 'Late', expiresInHours: 1 })
    ada.core.vault.db.prepare('UPDATE invites SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, expiring.id)
    await expect(carol.client.call('invites.accept', { code: expiring.code })).rejects.toMatchObject({ code: 'INVITE_EXPIRED' })
    expect((await ada.client.call('invites.list', {})).find((invite) => invite.id === expiring.id)?.status).toBe('expired')

    // None of that made Carol anyone's contact.
    expect(await carol.client.call('contacts.list', {})).toEqual([])
  }, 120_000)

  it('a removed or blocked contact cannot connect', async () => {
    const benId = (await ben.client.call('identity.get', {})).publicKey
    const adaId = (await ada.client.call('identity.get', {})).publicKey
    await waitFor('Ada and Ben online to each other', async () => (await ada.client.call('contacts.get', { id: benId })).online)
    await ada.client.call('contacts.block', { id: benId })
    await waitFor('Ben to see Ada go offline', async () => !(await ben.client.call('contacts.get', { id: adaId })).online)
    const whileBlocked = await ben.client.call('chats.sendMessage', { conversationId, text: 'are you there?' })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect((await ada.client.call('contacts.get', { id: benId })).online).toBe(false)
    expect((await ada.client.call('chats.listMessages', { conversationId })).messages.some((m) => m.id === whileBlocked.id)).toBe(false)
    await expect(ada.client.call('chats.sendMessage', { conversationId, text: 'x' })).rejects.toMatchObject({ code: 'CONTACT_BLOCKED' })

    await ada.client.call('contacts.unblock', { id: benId })
    await waitFor('the blocked message to arrive after unblocking', async () =>
      (await ada.client.call('chats.listMessages', { conversationId })).messages.some((m) => m.id === whileBlocked.id),
    )

    await ada.client.call('contacts.remove', { id: benId })
    expect(await ada.client.call('contacts.list', {})).toEqual([])
    await expect(ada.client.call('chats.getConversation', { conversationId })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' })
    await ben.client.call('chats.sendMessage', { conversationId, text: 'hello?' })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect((await ada.client.call('network.getStatus', {})).connections).toBe(0)
  }, 60_000)
})
