import { createHash } from 'node:crypto'
import type { z } from 'zod'
import type { groupMember } from '../../shared/contract/groups'
import type { message } from '../../shared/contract/chats'
import type { RpcClient } from '../../shared/rpc'
import type { GroupEntry } from '../../main/core/groups/group-state'
import type { PeopleSession } from '../../main/core/people/session'
import type { Space } from '../../main/core/spaces/space'
import type { TestCore } from './core'
import { waitFor } from './people'

export type Message = z.infer<typeof message>
export type GroupMemberView = z.infer<typeof groupMember>

/** The running people session of a test person (fails loudly when the vault is locked). */
export function sessionOf(person: TestCore): PeopleSession {
  const session = person.core.people.current
  if (!session) throw new Error('this person has no running session (vault locked?)')
  return session
}

/** A person's identity key (hex): their contact id and group member id. */
export async function idOf(person: TestCore): Promise<string> {
  return (await person.client.call('identity.get', {})).publicKey
}

/** The open group space on a person's device. */
export function groupSpace(person: TestCore, groupId: string): Space {
  const space = sessionOf(person).spaces.get(groupId)
  if (!space || space.kind !== 'group') throw new Error(`no open group ${groupId.slice(0, 8)} on this device`)
  return space
}

/** Every message of a channel, oldest first (all pages). */
export async function allMessages(client: RpcClient, groupId: string, channel = 'chat'): Promise<Message[]> {
  const out: Message[] = []
  let before: number | undefined
  for (;;) {
    const page = await client.call('chats.listMessages', { conversationId: groupId, limit: 500, channel, ...(before === undefined ? {} : { before }) })
    out.unshift(...page.messages)
    if (!page.hasMore || page.messages.length === 0) return out
    before = page.messages[0]!.position
  }
}

/**
 * What a user sees of the chat, in order, as one sha256: position, id,
 * author, text, deleted, edit and reactions of every message.
 */
export function chatStateHash(messages: readonly Message[]): string {
  const hash = createHash('sha256')
  for (const m of messages) {
    const reactions = m.reactions.map((r) => `${r.emoji}:${r.count}`).sort()
    hash.update(JSON.stringify([m.position, m.id, m.authorId, m.text, m.deleted, m.editedAt !== null ? m.text : null, reactions, m.pinned]))
    hash.update('\n')
  }
  return hash.digest('hex')
}

/** Members as (id, name, role), sorted by id: the same on every device once synced. */
export function roster(members: readonly GroupMemberView[]): Array<[string, string, string]> {
  return members.map((m): [string, string, string] => [m.id, m.name, m.role]).sort((a, b) => a[0].localeCompare(b[0]))
}

/** Run `task` over `items` with at most `limit` at once; results in item order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** The accepted entry of op `opId` in a space's view log (searched from the newest end), or undefined. */
export async function viewEntry(space: Space, opId: string): Promise<GroupEntry | undefined> {
  const log = space.base.view.log
  for (let i = log.length - 1; i >= 0; i--) {
    const entry = (await log.get(i)) as GroupEntry
    if (entry.op.id === opId) return entry
  }
  return undefined
}

/**
 * A group made by `owner`, joined by each of `joiners` through one open
 * link (in turn), and ready on every device: everyone is a writer and lists
 * everyone, with names.
 */
export async function groupWith(owner: TestCore, joiners: readonly TestCore[], name = 'Team'): Promise<{ groupId: string }> {
  const group = await owner.client.call('groups.create', { name, visibility: 'open' })
  const groupId = group.id
  if (joiners.length === 0) return { groupId }
  const link = await owner.client.call('groups.createLink', { groupId })
  for (const joiner of joiners) {
    const joined = await joiner.client.call('groups.join', { code: link.code })
    if (joined.status !== 'joined' || joined.groupId !== groupId) throw new Error(`join answered ${JSON.stringify(joined)}`)
  }
  const everyone = [owner, ...joiners]
  const total = everyone.length
  await Promise.all(
    everyone.map((person) =>
      waitFor(`a member of "${name}" to be ready and list all ${total} members`, async () => {
        if (!(await person.client.call('groups.get', { groupId })).ready) return false
        const members = await person.client.call('groups.listMembers', { groupId })
        return members.length === total && members.every((m) => !m.name.startsWith('Member '))
      }),
    ),
  )
  return { groupId }
}
