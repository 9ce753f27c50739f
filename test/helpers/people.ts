import type { RpcClient } from '../../shared/rpc'
import type { CoreOptions } from '../../main/core/core'
import type { TestCore } from './core'
import { createTestCore } from './core'
import type { Testnet } from './testnet'

/** Poll until `check` returns a value (not undefined/false), or fail after `timeoutMs` saying what was awaited. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== false) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A Core on the testnet with an identity called `name`. */
export async function createPerson(testnet: Testnet, name: string, options: { log?: boolean; core?: Partial<CoreOptions> } = {}): Promise<TestCore> {
  const person = await createTestCore({
    ...options.core,
    network: testnet.network,
    ...(options.log ? { log: (level, message, data) => console.log(`[${name}] ${level} ${message}`, data ?? '') } : {}),
  })
  await person.client.call('identity.create', { passphrase: 'correct horse battery', displayName: name })
  return person
}

/** Ada invites Ben; returns once both see each other connected, with the DM ready on both sides. */
export async function connect(inviter: RpcClient, invitee: RpcClient, label: string): Promise<{ conversationId: string; inviterId: string; inviteeId: string }> {
  const invite = await inviter.call('invites.create', { label })
  const { contactId: inviterId, conversationId } = await invitee.call('invites.accept', { code: invite.code })
  const inviteeId = (await invitee.call('identity.get', {})).publicKey
  await waitFor('the inviter to see the invitee connected', async () => {
    const contacts = await inviter.call('contacts.list', {})
    return contacts.find((contact) => contact.id === inviteeId && contact.status === 'connected')
  })
  await waitFor('the invitee to be able to write', async () => (await invitee.call('chats.getConversation', { conversationId })).ready)
  return { conversationId, inviterId, inviteeId }
}
