import { FORMER_MEMBER_GRACE_MS } from '../../main/core/groups/group-service'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GroupOp, SealedBox } from '../../shared/domain/group-ops'
import type { FileRef } from '../../shared/domain/ops'
import { newEpochKey, openContent, sealEpochKey } from '../../main/core/groups/epoch-crypto'
import { encodeOp } from '../../main/core/spaces/op-envelope'
import { fromHex } from '../../main/core/spaces/certs'
import type { TestCore } from '../helpers/core'
import { listFiles } from '../helpers/files'
import type { Message } from '../helpers/groups'
import { allMessages, chatStateHash, groupSpace, groupWith, idOf, inBatches, roster, sessionOf, viewEntry } from '../helpers/groups'
import { createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

const PASSPHRASE = 'correct horse battery'
/** Messages each of the five members sends in the convergence test. */
const PER_MEMBER = Number(process.env.PLANET_GROUP_MESSAGES ?? 40)
/** Messages written while one member is offline. */
const OFFLINE_MESSAGES = Number(process.env.PLANET_GROUP_OFFLINE_MESSAGES ?? 1000)

describe('groups: the acceptance list', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore
  let cy: TestCore
  let dee: TestCore
  let eve: TestCore
  /** People made inside a test, cleaned up with the others. */
  const extra: TestCore[] = []
  const ids = new Map<TestCore, string>()
  const id = (person: TestCore) => ids.get(person)!
  const rejected = async (person: TestCore) => (await person.client.call('network.getStatus', {})).rejectedOps

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    cy = await createPerson(testnet, 'Cy')
    dee = await createPerson(testnet, 'Dee')
    eve = await createPerson(testnet, 'Eve')
    for (const person of [ada, ben, cy, dee, eve]) ids.set(person, await idOf(person))
  }, 60_000)

  afterAll(async () => {
    for (const person of [ada, ben, cy, dee, eve, ...extra]) await person?.cleanup().catch(() => undefined)
    await testnet?.destroy()
  })

  it(`five members each send ${PER_MEMBER} messages at once and end with the same chat, order and members`, async () => {
    const everyone = [ada, ben, cy, dee, eve]
    const names = ['ada', 'ben', 'cy', 'dee', 'eve']
    const { groupId } = await groupWith(ada, [ben, cy, dee, eve], 'Five')
    const rejectedBefore = await Promise.all(everyone.map(rejected))

    const sent = await Promise.all(
      everyone.map(async (person, who) => {
        const mine: string[] = []
        for (let i = 0; i < PER_MEMBER; i++) mine.push((await person.client.call('chats.sendMessage', { conversationId: groupId, text: `${names[who]} ${i}` })).id)
        return mine
      }),
    )
    // Everyone edits, deletes and reacts at the same time too.
    await Promise.all(
      everyone.map(async (person, who) => {
        const next = sent[(who + 1) % everyone.length]!
        await person.client.call('chats.editMessage', { conversationId: groupId, messageId: sent[who]![0]!, text: `${names[who]} 0 (edited)` })
        await person.client.call('chats.deleteMessage', { conversationId: groupId, messageId: sent[who]![1]! })
        await waitFor('the next member’s first message to arrive', async () =>
          (await person.client.call('chats.listMessages', { conversationId: groupId, limit: 500 })).messages.some((m) => m.id === next[0]),
        )
        await person.client.call('chats.react', { conversationId: groupId, messageId: next[0]!, emoji: '🎉', on: true })
      }),
    )

    const total = everyone.length * PER_MEMBER
    const views = await waitFor(
      `all five members to hold the same ${total} messages with the same edits, deletions and reactions`,
      async () => {
        const lists = await Promise.all(everyone.map((person) => allMessages(person.client, groupId)))
        if (lists.some((list) => list.length !== total)) return undefined
        const hashes = lists.map(chatStateHash)
        return hashes.every((hash) => hash === hashes[0]) ? lists : undefined
      },
      60_000,
    )
    const order = views[0]!.map((m) => m.id)
    for (const view of views) {
      expect(view.map((m) => m.id)).toEqual(order)
      expect(chatStateHash(view)).toBe(chatStateHash(views[0]!))
    }
    const positions = views[0]!.map((m) => m.position)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(new Set(positions).size).toBe(total)
    // Each author's messages keep the order they were written in.
    const byId = new Map(views[0]!.map((m) => [m.id, m]))
    for (const mine of sent) {
      const at = mine.map((messageId) => byId.get(messageId)!.position)
      expect(at).toEqual([...at].sort((a, b) => a - b))
    }
    // What the user sees of the edits, deletions and reactions, from Ben's side.
    const benView = new Map(views[1]!.map((m) => [m.id, m]))
    sent.forEach((mine, who) => {
      expect(benView.get(mine[0]!)).toMatchObject({ text: `${names[who]} 0 (edited)`, deleted: false })
      expect(benView.get(mine[0]!)!.editedAt).not.toBeNull()
      expect(benView.get(mine[1]!)).toMatchObject({ text: '', deleted: true })
      expect(benView.get(mine[0]!)!.reactions).toEqual([expect.objectContaining({ emoji: '🎉', count: 1 })])
    })
    expect(benView.get(sent[0]![2]!)).toMatchObject({ text: 'ada 2', authorName: 'Ada', readable: true })

    const rosters = await Promise.all(everyone.map(async (person) => roster(await person.client.call('groups.listMembers', { groupId }))))
    for (const list of rosters) expect(list).toEqual(rosters[0])
    expect(rosters[0]!.map(([, name, role]) => `${name}:${role}`).sort()).toEqual(['Ada:owner', 'Ben:member', 'Cy:member', 'Dee:member', 'Eve:member'])
    expect(await Promise.all(everyone.map(rejected))).toEqual(rejectedBefore)
  }, 120_000)

  it(`a member offline for ${OFFLINE_MESSAGES} messages catches up, in the same order`, async () => {
    const writers = [ada, ben, cy, dee]
    const { groupId } = await groupWith(ada, [ben, cy, dee, eve], 'Offline')
    const hello = await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'before Eve goes' })
    await waitFor('Eve to get the first message', async () => (await eve.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === hello.id))

    // Eve locks her vault: her session (network, spaces) stops.
    await eve.client.call('vault.lock', {})
    expect(eve.core.people.current).toBeNull()
    const rejectedBefore = await Promise.all(writers.map(rejected))
    const started = Date.now()
    const perWriter = OFFLINE_MESSAGES / writers.length
    // Up to 16 sends in flight per writer (64 at once): concurrent appends share their flushes.
    await Promise.all(
      writers.map((person, who) =>
        inBatches(
          Array.from({ length: perWriter }, (_, i) => i),
          16,
          (i) => person.client.call('chats.sendMessage', { conversationId: groupId, text: `offline ${who}-${i}` }),
        ),
      ),
    )
    const sentIn = Date.now() - started
    const expected = await waitFor('Ada to hold everything that was sent', async () => {
      const list = await allMessages(ada.client, groupId)
      return list.length === OFFLINE_MESSAGES + 1 ? list : undefined
    })

    const back = Date.now()
    await eve.client.call('vault.unlock', { passphrase: PASSPHRASE })
    const caughtUp = await waitFor(
      `Eve to catch up on ${OFFLINE_MESSAGES} messages in Ada’s order`,
      async () => {
        if (!eve.core.people.current) return undefined
        const [eves, adas] = await Promise.all([allMessages(eve.client, groupId), allMessages(ada.client, groupId)])
        if (eves.length !== OFFLINE_MESSAGES + 1) return undefined
        return chatStateHash(eves) === chatStateHash(adas) ? eves : undefined
      },
      60_000,
    )
    const catchUp = Date.now() - back
    console.log(`[groups] ${OFFLINE_MESSAGES} messages sent by 4 members in ${sentIn} ms; Eve caught up ${catchUp} ms after unlocking`)
    expect(caughtUp.map((m) => m.id)).toEqual((await allMessages(ada.client, groupId)).map((m) => m.id))
    expect(caughtUp.length).toBe(expected.length)
    expect(caughtUp.every((m) => m.readable)).toBe(true)
    expect(await Promise.all(writers.map(rejected))).toEqual(rejectedBefore)
    expect(await rejected(eve)).toBe(0)
    // (Eve writing right after her return is the known bug pinned at the end of this file.)
  }, 150_000)

  it('a removed member cannot read anything written after the removal, and is no longer let in', async () => {
    // Fay joins only this group: nothing else lets her devices through Ben's firewall.
    const fay = await createPerson(testnet, 'Fay')
    extra.push(fay)
    const fayId = await idOf(fay)
    const { groupId } = await groupWith(ada, [ben, fay], 'Removal')
    const fayDevice = sessionOf(fay).device.keyPair.publicKey.toString('hex')
    expect(sessionOf(ben).allowedDevices.get(fayDevice)).toBe(fayId)
    expect(await ben.client.call('contacts.list', {})).not.toContainEqual(expect.objectContaining({ id: fayId }))

    const early = await fay.client.call('chats.sendMessage', { conversationId: groupId, text: 'hello from Fay' })
    await waitFor('Ben to get Fay’s message', async () => (await ben.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === early.id))
    const epochBefore = (await ada.client.call('groups.get', { groupId })).epoch

    const members = await ada.client.call('groups.removeMember', { groupId, memberId: fayId })
    expect(members.map((m) => m.id)).not.toContain(fayId)
    const fayGroup = await waitFor('Fay’s app to say she was removed', async () => {
      const group = await fay.client.call('groups.get', { groupId })
      return group.membership === 'removed' ? group : undefined
    })
    expect(fayGroup).toMatchObject({ myRole: null, ready: false })
    await expect(fay.client.call('chats.sendMessage', { conversationId: groupId, text: 'still here?' })).rejects.toMatchObject({ code: 'GROUP_NOT_MEMBER' })
    await waitFor('Ben to see the new epoch', async () => (await ben.client.call('groups.get', { groupId })).epoch > epochBefore)

    const later = await ben.client.call('chats.sendMessage', { conversationId: groupId, text: 'after Fay left' })
    const adaSees = await waitFor('Ada to read Ben’s later message', async () =>
      (await ada.client.call('chats.listMessages', { conversationId: groupId })).messages.find((m) => m.id === later.id),
    )
    expect(adaSees).toMatchObject({ text: 'after Fay left', readable: true })

    // The raw entry as it sits in a remaining member's view: its box is sealed under the new epoch.
    const entry = await viewEntry(groupSpace(ben, groupId), later.id)
    expect(entry?.op.t).toBe('message.post')
    const box = (entry!.op as { box: SealedBox }).box
    expect(box.e).toBeGreaterThan(epochBefore)
    const context = { space: groupId, opId: later.id, type: 'message.post' }
    const benKey = sessionOf(ben).db.prepare('SELECT key FROM group_epoch_keys WHERE space = ? AND epoch = ?').get(groupId, box.e) as { key: string }
    expect(openContent(box, fromHex(benKey.key), context)).toMatchObject({ text: 'after Fay left' })
    const fayKeys = sessionOf(fay).db.prepare('SELECT epoch, key FROM group_epoch_keys WHERE space = ?').all(groupId) as Array<{ epoch: number; key: string }>
    expect(fayKeys.length).toBeGreaterThan(0)
    expect(fayKeys.map((row) => row.epoch)).not.toContain(box.e)
    for (const row of fayKeys) {
      expect(openContent(box, fromHex(row.key), context)).toBeNull()
      // Not under any epoch number either: the key simply does not fit.
      expect(openContent({ ...box, e: row.epoch }, fromHex(row.key), context)).toBeNull()
    }
    const fayList = await fay.client.call('chats.listMessages', { conversationId: groupId })
    expect(fayList.messages.map((m) => m.id)).toContain(early.id)
    expect(fayList.messages.map((m) => m.id)).not.toContain(later.id)

    // Ben is not Fay's contact: his firewall admits her device only for the grace period after her
    // removal (so an offline device still learns it), and not at all once that has passed.
    expect(sessionOf(ben).allowedDevices.get(fayDevice)).toBe(fayId)
    const clock = ben.core.clock as { now: () => number }
    const realNow = clock.now
    clock.now = () => realNow() + FORMER_MEMBER_GRACE_MS + 1
    try {
      sessionOf(ben).reloadAllowedDevices()
      expect(sessionOf(ben).allowedDevices.has(fayDevice)).toBe(false)
    } finally {
      clock.now = realNow
      sessionOf(ben).reloadAllowedDevices()
    }
  }, 90_000)

  /**
   * A member removed while offline learns it when back: the others' firewalls
   * keep admitting a former member's device for FORMER_MEMBER_GRACE_MS.
   */
  it('a member removed while offline learns it when back', async () => {
    const gus = await createPerson(testnet, 'Gus')
    extra.push(gus)
    const gusId = await idOf(gus)
    const { groupId } = await groupWith(ada, [ben, gus], 'Removed offline')
    // Gus's laptop lid closes (his swarm stops, as in dm-convergence); his app stays unlocked.
    const swarm = sessionOf(gus).network.swarm!
    await swarm.suspend()
    for (const connection of swarm.connections) connection.destroy()
    await ada.client.call('groups.removeMember', { groupId, memberId: gusId })
    await waitFor('Ben to see Gus removed', async () => (await ben.client.call('groups.get', { groupId })).memberCount === 2)
    await swarm.resume()
    await waitFor('Gus’s app to say he was removed', async () => (await gus.client.call('groups.get', { groupId })).membership === 'removed', 15_000)
  }, 45_000)

  it('forged admin ops from a plain member are rejected everywhere and the group keeps working', async () => {
    const everyone = [ada, ben, cy, dee]
    const { groupId } = await groupWith(ada, [ben, cy, dee], 'Forgeries')
    const before = await Promise.all(everyone.map(rejected))
    const rostersBefore = await Promise.all(everyone.map(async (person) => roster(await person.client.call('groups.listMembers', { groupId }))))
    const epochBefore = (await ada.client.call('groups.get', { groupId })).epoch

    // Cy, a plain member, writes admin ops through her own writer, signed with her own key.
    const session = sessionOf(cy)
    const space = groupSpace(cy, groupId)
    const base = () => ({ id: randomBytes(16).toString('hex'), at: Date.now(), sp: groupId })
    const removeBen: GroupOp = { t: 'member.remove', member: id(ben), ...base() }
    const rotate: GroupOp = { t: 'epoch.rotate', e: epochBefore + 1, keys: [{ m: id(cy), k: sealEpochKey(newEpochKey(), session.identity.sealing.publicKey) }], ...base() }
    await space.append([removeBen, rotate], session.identity.signing)
    await space.append({ t: 'member.role', member: id(cy), role: 'admin', ...base() } satisfies GroupOp, session.identity.signing)
    // A correctly shaped op claiming Ada (the owner) wrote it: signed with Ada's real key, but on Cy's writer.
    await space.append({ t: 'member.remove', member: id(dee), ...base() } satisfies GroupOp, sessionOf(ada).identity.signing)
    // And one signed by Cy but labelled as Ada's.
    const relabelled = JSON.parse(encodeOp({ t: 'member.role', member: id(cy), role: 'owner', ...base() } satisfies GroupOp, session.identity.signing).toString()) as Record<string, string>
    relabelled.a = id(ada)
    await space.appendRaw(Buffer.from(JSON.stringify(relabelled)))
    const forged = 5

    // Then an honest message after them.
    const after = await dee.client.call('chats.sendMessage', { conversationId: groupId, text: 'still working' })
    await Promise.all(
      everyone.map((person) =>
        waitFor('every member to get the message written after the forgeries', async () =>
          (await person.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === after.id && m.text === 'still working'),
        ),
      ),
    )
    const deltas = await Promise.all(
      everyone.map((person, who) =>
        waitFor(`member ${who} to count the ${forged} forged ops as rejected`, async () => {
          const delta = (await rejected(person)) - before[who]!
          return delta >= forged ? delta : undefined
        }),
      ),
    )
    expect(deltas).toEqual(everyone.map(() => forged))
    const rostersAfter = await Promise.all(everyone.map(async (person) => roster(await person.client.call('groups.listMembers', { groupId }))))
    expect(rostersAfter).toEqual(rostersBefore)
    for (const person of everyone) expect((await person.client.call('groups.get', { groupId })).epoch).toBe(epochBefore)
    expect((await cy.client.call('groups.get', { groupId })).myRole).toBe('member')
    // Ben and Dee were not removed: they still write, and everyone reads it.
    const benAfter = await ben.client.call('chats.sendMessage', { conversationId: groupId, text: 'Ben is still in' })
    await waitFor('Cy to read Ben’s message', async () => (await cy.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === benAfter.id && m.readable))
  }, 90_000)

  it('a restricted group: join request → approve → member from their join; a refused request ends refused', async () => {
    const group = await ada.client.call('groups.create', { name: 'Club', visibility: 'restricted' })
    const groupId = group.id
    const early = [
      await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'before anyone joined 1' }),
      await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'before anyone joined 2' }),
    ]
    const link = await ada.client.call('groups.createLink', { groupId })
    expect(link).toMatchObject({ singleUse: false, status: 'active' })

    expect(await ben.client.call('groups.join', { code: link.link, note: 'Ben here, from the garden' })).toEqual({ groupId, status: 'requested' })
    const alert = await waitFor('Ada’s join-request alert', async () => (await ada.client.call('alerts.list', {})).alerts.find((a) => a.kind === 'join-request' && a.route.includes(groupId)))
    expect(alert).toMatchObject({ title: 'Ben asks to join Club', body: 'Ben here, from the garden', route: `/groups/${groupId}/members`, readAt: null })
    expect(await cy.client.call('groups.join', { code: link.code })).toEqual({ groupId, status: 'requested' })
    expect(await ben.client.call('groups.listOutgoingRequests', {})).toContainEqual(expect.objectContaining({ groupId, status: 'waiting' }))

    const requests = await waitFor('Ada to list both join requests', async () => {
      const list = await ada.client.call('groups.listJoinRequests', { groupId })
      return list.length === 2 ? list : undefined
    })
    const benRequest = requests.find((r) => r.requesterId === id(ben))!
    const cyRequest = requests.find((r) => r.requesterId === id(cy))!
    expect(benRequest).toMatchObject({ name: 'Ben', note: 'Ben here, from the garden', via: 'link', status: 'pending' })
    expect(cyRequest).toMatchObject({ name: 'Cy', status: 'pending' })
    expect((await ada.client.call('groups.get', { groupId })).pendingRequests).toBe(2)
    // Unread join-request alerts of one group are folded into one that counts them and names the newest.
    const { alerts } = await ada.client.call('alerts.list', {})
    expect(alerts.filter((a) => a.kind === 'join-request' && a.readAt === null && a.route.includes(groupId))).toEqual([
      expect.objectContaining({ title: '2 people ask to join Club', body: expect.stringContaining('The newest: Cy.') }),
    ])

    expect(await ada.client.call('groups.approveRequest', { groupId, requestId: benRequest.id })).toMatchObject({ status: 'approved' })
    expect(await ada.client.call('groups.refuseRequest', { groupId, requestId: cyRequest.id })).toMatchObject({ status: 'refused' })

    // Both apps ask again every 10 s: Ben gets in, Cy learns the answer.
    const started = Date.now()
    await Promise.all([
      waitFor('Ben to become a member of the restricted group', async () => (await ben.client.call('groups.get', { groupId })).ready, 35_000),
      waitFor(
        'Cy’s request to end refused',
        async () => (await cy.client.call('groups.listOutgoingRequests', {})).find((r) => r.groupId === groupId && r.status === 'refused'),
        35_000,
      ),
    ])
    console.log(`[groups] approval and refusal reached the requesters in ${Date.now() - started} ms`)
    expect(await ben.client.call('groups.listOutgoingRequests', {})).toContainEqual(expect.objectContaining({ groupId, status: 'joined' }))
    await expect(cy.client.call('groups.get', { groupId })).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' })
    expect((await cy.client.call('groups.list', {})).map((g) => g.id)).not.toContain(groupId)
    const expectedRoster: Array<[string, string, string]> = [
      [id(ada), 'Ada', 'owner'],
      [id(ben), 'Ben', 'member'],
    ]
    expect(roster(await ada.client.call('groups.listMembers', { groupId }))).toEqual(expectedRoster.sort((a, b) => a[0].localeCompare(b[0])))

    const welcome = await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'welcome Ben' })
    const benSees = await waitFor('Ben to see the message Ada wrote after he joined', async () => {
      const { messages } = await ben.client.call('chats.listMessages', { conversationId: groupId })
      return messages.some((m) => m.id === welcome.id) ? messages : undefined
    })
    for (const message of early) expect(benSees.map((m) => m.id)).not.toContain(message.id)
    expect(benSees.find((m) => m.id === welcome.id)).toMatchObject({ text: 'welcome Ben', authorName: 'Ada', readable: true })
  }, 90_000)

  it('roles and moderation: moderators delete, pin and mute; members cannot remove; ownership moves before the owner leaves', async () => {
    const everyone = [ada, ben, cy, dee]
    const { groupId } = await groupWith(ada, [ben, cy, dee], 'Moderated')
    const listOn = (person: TestCore, options: { pinnedOnly?: boolean } = {}) => person.client.call('chats.listMessages', { conversationId: groupId, ...options })

    const promoted = await ada.client.call('groups.setRole', { groupId, memberId: id(ben), role: 'moderator' })
    expect(promoted.find((m) => m.id === id(ben))?.role).toBe('moderator')
    await waitFor('Ben to be a moderator on his device', async () => (await ben.client.call('groups.get', { groupId })).myRole === 'moderator')

    const spam = await cy.client.call('chats.sendMessage', { conversationId: groupId, text: 'buy cheap stuff' })
    const useful = await dee.client.call('chats.sendMessage', { conversationId: groupId, text: 'the meeting notes' })
    expect(spam.canDelete).toBe(true)
    const benSees = await waitFor('Ben to get both messages', async () => {
      const { messages } = await listOn(ben)
      return messages.some((m) => m.id === spam.id) && messages.some((m) => m.id === useful.id) ? messages : undefined
    })
    expect(benSees.find((m) => m.id === spam.id)?.canDelete).toBe(true)
    expect((await listOn(dee)).messages.find((m) => m.id === useful.id)?.canDelete).toBe(true)
    await expect(dee.client.call('chats.deleteMessage', { conversationId: groupId, messageId: spam.id })).rejects.toMatchObject({ code: 'NOT_AUTHOR' })

    expect(await ben.client.call('chats.deleteMessage', { conversationId: groupId, messageId: spam.id })).toMatchObject({ deleted: true, text: '' })
    expect(await ben.client.call('chats.pinMessage', { conversationId: groupId, messageId: useful.id, on: true })).toMatchObject({ pinned: true })
    await Promise.all(
      everyone.map((person) =>
        waitFor('every member to see the spam deleted and the notes pinned', async () => {
          const all = (await listOn(person)).messages
          const pinned = (await listOn(person, { pinnedOnly: true })).messages
          const deleted = all.find((m) => m.id === spam.id)
          return deleted?.deleted === true && deleted.text === '' && pinned.length === 1 && pinned[0]!.id === useful.id && pinned[0]!.pinned
        }),
      ),
    )
    await expect(cy.client.call('chats.pinMessage', { conversationId: groupId, messageId: useful.id, on: false })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })
    // Refused even when it would change nothing on this device (the answer must not depend on what it has synced).
    await expect(cy.client.call('chats.pinMessage', { conversationId: groupId, messageId: useful.id, on: true })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })

    await ben.client.call('groups.muteMember', { groupId, memberId: id(dee), minutes: 60 })
    await waitFor('Dee to learn she is muted', async () => (await dee.client.call('groups.get', { groupId })).mutedUntil !== null)
    await expect(dee.client.call('chats.sendMessage', { conversationId: groupId, text: 'let me speak' })).rejects.toMatchObject({ code: 'MEMBER_MUTED' })
    await expect(ben.client.call('groups.muteMember', { groupId, memberId: id(ada), minutes: 5 })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })

    await expect(cy.client.call('groups.removeMember', { groupId, memberId: id(dee) })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })
    await expect(ben.client.call('groups.removeMember', { groupId, memberId: id(dee) })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })
    await expect(cy.client.call('groups.setRole', { groupId, memberId: id(cy), role: 'admin' })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })

    await expect(ada.client.call('groups.leave', { groupId })).rejects.toMatchObject({ code: 'GROUP_OWNER_CANNOT_LEAVE' })
    const handedOver = await ada.client.call('groups.setRole', { groupId, memberId: id(ben), role: 'owner' })
    expect(handedOver.filter((m) => m.role === 'owner').map((m) => m.id)).toEqual([id(ben)])
    expect(handedOver.find((m) => m.id === id(ada))?.role).toBe('admin')
    await waitFor('Ben to be the owner on his device', async () => (await ben.client.call('groups.get', { groupId })).myRole === 'owner')

    const epochBefore = (await ben.client.call('groups.get', { groupId })).epoch
    expect(await ada.client.call('groups.leave', { groupId })).toMatchObject({ membership: 'left', myRole: null })
    const others = [ben, cy, dee]
    await Promise.all(
      others.map((person) =>
        waitFor('the others to see Ada gone and a new epoch', async () => {
          const group = await person.client.call('groups.get', { groupId })
          return group.epoch > epochBefore && group.memberCount === 3 && group.ownerId === id(ben)
        }),
      ),
    )

    // A plain member leaving starts another epoch too.
    const epochAfterAda = (await ben.client.call('groups.get', { groupId })).epoch
    expect(await cy.client.call('groups.leave', { groupId })).toMatchObject({ membership: 'left' })
    await Promise.all(
      [ben, dee].map((person) =>
        waitFor('Ben and Dee to see Cy gone and a new epoch', async () => {
          const group = await person.client.call('groups.get', { groupId })
          return group.epoch > epochAfterAda && group.memberCount === 2
        }),
      ),
    )

    // The group still works under its new owner; the muted member still reads.
    const news = await ben.client.call('chats.sendMessage', { conversationId: groupId, text: 'new owner here' })
    await waitFor('Dee to read the new owner’s message', async () => (await listOn(dee)).messages.some((m) => m.id === news.id && m.readable))
    const adaView = (await listOn(ada)).messages
    expect(adaView.some((m) => m.id === news.id)).toBe(false)
  }, 120_000)

  it('announcements (admins only, read counts), mentions and Discuss threads', async () => {
    const { groupId } = await groupWith(ada, [ben, cy], 'Announcements')

    await expect(ben.client.call('chats.sendMessage', { conversationId: groupId, text: 'me too', channel: 'announcements' })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })
    const notice = await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'Meeting at five', channel: 'announcements' })
    expect(notice).toMatchObject({ channel: 'announcements', readCount: 0 })
    for (const person of [ben, cy]) {
      const seen = await waitFor('a member to see the announcement', async () =>
        (await person.client.call('chats.listMessages', { conversationId: groupId, channel: 'announcements' })).messages.find((m) => m.id === notice.id),
      )
      expect(seen).toMatchObject({ channel: 'announcements', text: 'Meeting at five', authorName: 'Ada' })
      expect((await person.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === notice.id)).toBe(false)
      await person.client.call('chats.markRead', { conversationId: groupId, messageId: notice.id })
    }
    await waitFor('Ada to see the announcement read by two', async () => {
      const mine = (await ada.client.call('chats.listMessages', { conversationId: groupId, channel: 'announcements' })).messages.find((m) => m.id === notice.id)
      return mine?.readCount === 2
    })

    const mention = await cy.client.call('chats.sendMessage', { conversationId: groupId, text: '@Ben can you bring the keys?', mentions: [id(ben)] })
    expect(mention.mentions).toEqual([id(ben)])
    const alert = await waitFor('Ben’s mention alert', async () => (await ben.client.call('alerts.list', {})).alerts.find((a) => a.kind === 'mention'))
    expect(alert.title).toContain('Cy mentioned you')
    expect((await ben.client.call('chats.listMessages', { conversationId: groupId })).messages.find((m) => m.id === mention.id)).toMatchObject({ mentionsMe: true })
    expect((await ben.client.call('groups.get', { groupId })).mentionCount).toBeGreaterThanOrEqual(1)
    const adaCopy = await waitFor('Ada to get the mention', async () =>
      (await ada.client.call('chats.listMessages', { conversationId: groupId })).messages.find((m) => m.id === mention.id),
    )
    expect(adaCopy.mentionsMe).toBe(false)
    expect((await ada.client.call('alerts.list', {})).alerts.some((a) => a.kind === 'mention')).toBe(false)

    const thread = await ada.client.call('groups.createThread', { groupId, title: 'Summer plans', text: 'Where do we go?' })
    expect(thread).toMatchObject({ title: 'Summer plans', replyCount: 0, readable: true })
    await waitFor('Ben to see the thread', async () => (await ben.client.call('groups.listThreads', { groupId })).some((t) => t.id === thread.id))
    const replies: Message[] = [await ben.client.call('chats.sendMessage', { conversationId: groupId, text: 'The lake', channel: thread.id })]
    // Ada answers once she has read Ben's reply, so hers comes after it everywhere.
    await waitFor('Ada to read Ben’s reply', async () =>
      (await ada.client.call('chats.listMessages', { conversationId: groupId, channel: thread.id })).messages.some((m) => m.id === replies[0]!.id),
    )
    replies.push(await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'Mountains', channel: thread.id }))
    for (const reply of replies) expect(reply.channel).toBe(thread.id)
    const cyThread = await waitFor('Cy to see two replies', async () => {
      const found = await cy.client.call('groups.getThread', { groupId, threadId: thread.id })
      return found.replyCount === 2 ? found : undefined
    })
    expect(cyThread).toMatchObject({ title: 'Summer plans', text: 'Where do we go?', authorName: 'Ada' })
    const inThread = await cy.client.call('chats.listMessages', { conversationId: groupId, channel: thread.id })
    expect(inThread.messages.map((m) => m.text)).toEqual(['The lake', 'Mountains'])
    const chat = await cy.client.call('chats.listMessages', { conversationId: groupId })
    expect(chat.messages.some((m) => replies.some((r) => r.id === m.id))).toBe(false)
    await waitFor('Ben to count two replies', async () => (await ben.client.call('groups.listThreads', { groupId })).find((t) => t.id === thread.id)?.replyCount === 2)
  }, 90_000)

  it('a file sent in a group arrives byte for byte, and is not stored in the clear', async () => {
    const { groupId } = await groupWith(ada, [ben], 'Files')
    const file = randomBytes(200_000)
    const { uploadId, chunkBytes } = await ada.client.call('chats.startUpload', { name: 'plan.pdf', size: file.length, mime: 'application/pdf' })
    for (let offset = 0; offset < file.length; offset += chunkBytes) {
      await ada.client.call('chats.uploadChunk', { uploadId, offset, data: file.subarray(offset, offset + chunkBytes).toString('base64') })
    }
    const sent = await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'the plan', uploadIds: [uploadId] })
    expect(sent.attachments).toEqual([expect.objectContaining({ name: 'plan.pdf', size: file.length, state: 'available' })])
    const attachmentId = sent.attachments[0]!.id

    const received = await waitFor('Ben to get the message with its attachment', async () =>
      (await ben.client.call('chats.listMessages', { conversationId: groupId })).messages.find((m) => m.id === sent.id),
    )
    expect(received.attachments).toEqual([expect.objectContaining({ id: attachmentId, name: 'plan.pdf', size: file.length })])
    await ben.client.call('chats.downloadAttachment', { conversationId: groupId, messageId: sent.id, attachmentId })
    await waitFor('the download to finish', async () => {
      const message = (await ben.client.call('chats.listMessages', { conversationId: groupId })).messages.find((m) => m.id === sent.id)
      return message?.attachments[0]?.state === 'available'
    })
    const parts: Buffer[] = []
    for (let offset = 0, done = false; !done; ) {
      const chunk = await ben.client.call('chats.readAttachment', { conversationId: groupId, messageId: sent.id, attachmentId, offset, length: 100_000 })
      const bytes = Buffer.from(chunk.data, 'base64')
      parts.push(bytes)
      offset += bytes.length
      done = chunk.done
    }
    expect(Buffer.concat(parts).equals(file)).toBe(true)

    // The blocks in Ada's files core (read through her corestore, past the core's own encryption) are not the file.
    const session = sessionOf(ada)
    const row = session.db.prepare('SELECT files FROM space_messages WHERE space = ? AND id = ?').get(groupId, sent.id) as { files: string }
    const ref = (JSON.parse(row.files) as FileRef[])[0]!
    expect(ref.key).toMatch(/^[0-9a-f]{64}$/)
    const space = session.db.prepare('SELECT namespace, encryption_key FROM spaces WHERE key = ?').get(groupId) as { namespace: string; encryption_key: string }
    const core = session.network.store.namespace(space.namespace).get({ key: fromHex(ref.core), encryptionKey: fromHex(space.encryption_key) })
    await core.ready()
    try {
      const stored = Buffer.concat(await Promise.all(Array.from({ length: ref.blockLength }, (_, i) => core.get(ref.blockOffset + i) as Promise<Buffer>)))
      expect(stored.length).toBe(file.length)
      expect(stored.equals(file)).toBe(false)
      expect(stored.includes(file.subarray(1000, 1032))).toBe(false)
    } finally {
      await core.close()
    }
    // The file key travels only inside the sealed box, never in the op's clear header.
    const entry = await viewEntry(groupSpace(ben, groupId), sent.id)
    expect(JSON.stringify(entry)).not.toContain(ref.key)
    // Nor is any of it on disk in the clear.
    const needle = file.subarray(70_000, 70_048)
    for (const path of await listFiles(join(ada.dataDir, 'cores'))) {
      const bytes = await readFile(path).catch(() => Buffer.alloc(0))
      expect(bytes.includes(needle), path).toBe(false)
    }
  }, 60_000)

  /**
   * After a restart (vault locked and unlocked, or the app reopened) nothing
   * is left for apply to do: the space rebuilds the rules' state from its view
   * when it opens, so membership checks pass at once.
   */
  it('a member writes right after restarting their app', async () => {
    const { groupId } = await groupWith(ada, [ben], 'Restart')
    const first = await ben.client.call('chats.sendMessage', { conversationId: groupId, text: 'before the restart' })
    await waitFor('Ada to get Ben’s message', async () => (await ada.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === first.id))
    // Everything settled (signed by the indexer), so nothing is left for apply to do after the restart.
    await waitFor('Ben’s view to be fully signed', () => groupSpace(ben, groupId).signedLength === groupSpace(ben, groupId).viewLength)
    await ben.client.call('vault.lock', {})
    await ben.client.call('vault.unlock', { passphrase: PASSPHRASE })
    const group = await waitFor('Ben’s app to show the group ready again', async () => {
      const found = await ben.client.call('groups.get', { groupId })
      return found.ready ? found : undefined
    })
    expect(group).toMatchObject({ membership: 'member', myRole: 'member' })
    const after = await ben.client.call('chats.sendMessage', { conversationId: groupId, text: 'after the restart' })
    await waitFor('Ada to get Ben’s message from after his restart', async () =>
      (await ada.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === after.id),
    )
  }, 45_000)
})
