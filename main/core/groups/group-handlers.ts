import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { groupInvitation, groupLink, joinRequest, outgoingRequest } from '../../../shared/contract/groups'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { RpcError } from '../../../shared/rpc/errors'
import { FeedError } from '../feeds/rss/feed-error'
import { markRouteRead } from '../alerts/alert-store'
import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import { requireSession } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import { hex } from '../spaces/certs'
import type { Space } from '../spaces/space'
import { newEpochKey, sealEpochKey } from './epoch-crypto'
import { groupContext } from './group-context'
import type { LinkRow } from './group-links'
import { GroupLinks, linkCodeOf } from './group-links'
import type { NewsFeed } from './group-news'
import { GroupNewsFetcher, listNews, standingFeeds } from './group-news'
import { GROUP_TABLES } from './group-projection'
import type { Group, GroupSummary } from './group-queries'
import { getGroup, getGroupSummary, getThread, groupProfile, listGroups, listMembers, listThreads, memberships } from './group-queries'
import type { GroupRuleReason } from './group-rules'
import { checkGroupOp } from './group-rules'
import type { GroupService } from './group-service'
import { groupNamespace } from './group-service'

type JoinRequest = z.infer<typeof joinRequest>
type GroupLink = z.infer<typeof groupLink>
type GroupInvitation = z.infer<typeof groupInvitation>
type OutgoingRequest = z.infer<typeof outgoingRequest>

/** Why the rules would refuse an op, in words for the person who tried. */
function refusal(reason: GroupRuleReason): RpcError {
  switch (reason) {
    case 'unknown-member':
      return new RpcError('GROUP_MEMBER_NOT_FOUND', 'That person is not a member of this group.')
    case 'already-member':
      return new RpcError('GROUP_ALREADY_MEMBER', 'That person is already a member.')
    case 'owner-cannot-leave':
      return new RpcError('GROUP_OWNER_CANNOT_LEAVE', 'Hand ownership to another member first: a group always has an owner.')
    case 'group-full':
      return new RpcError('GROUP_FULL', 'This group has reached its member limit.')
    case 'muted':
      return new RpcError('MEMBER_MUTED', 'A moderator muted you in this group.')
    case 'nothing-to-change':
      return new RpcError('INVALID_INPUT', 'Nothing would change.')
    case 'outranked':
      return new RpcError('GROUP_FORBIDDEN', 'Your role does not allow that: admins manage moderators and members, and only the owner manages admins.')
    case 'bad-role':
      return new RpcError('GROUP_FORBIDDEN', 'You cannot change your own role.')
    default:
      return new RpcError('GROUP_FORBIDDEN', `The group's rules refuse that (${reason}).`)
  }
}

export function createGroupHandlers(services: CoreServices, people: PeopleService, groups: GroupService): AreaHandlers<'groups'> {
  const { events, clock } = services
  const linksOf = new WeakMap<PeopleSession, GroupLinks>()

  function links(session: PeopleSession): GroupLinks {
    let found = linksOf.get(session)
    if (!found) {
      found = new GroupLinks(groups, session)
      linksOf.set(session, found)
      found.start()
    }
    return found
  }
  // Answer group links and keep waiting requests asking as soon as a session runs.
  groups.onSessionStarted((session) => void links(session))

  // Group news feeds: fetched on admins' devices only (the fetcher lists the feeds of groups where I am an admin).
  const fetchers = new WeakMap<PeopleSession, GroupNewsFetcher>()
  groups.onSessionStarted((session) => {
    const fetcher = new GroupNewsFetcher(groups, session, groups.newsFetchOptions)
    fetchers.set(session, fetcher)
    session.onClose(() => fetcher.close())
    void fetcher.start().catch(() => undefined)
  })
  function fetcherOf(session: PeopleSession): GroupNewsFetcher {
    const fetcher = fetchers.get(session)
    if (!fetcher) throw new RpcError('CONVERSATION_NOT_READY', 'Group news is starting: try again in a moment.')
    return fetcher
  }

  function feedsOf(session: PeopleSession, groupId: string): NewsFeed[] {
    const fetcher = fetchers.get(session)
    return standingFeeds(session.db, groupId).map((feed) => {
      const status = fetcher?.status(feed.id) ?? null
      const count = session.db.prepare('SELECT COUNT(*) AS n FROM group_news WHERE space = ? AND feed_id = ?').get(groupId, feed.id) as { n: number }
      return {
        id: feed.id,
        groupId,
        url: feed.url,
        addedBy: feed.author,
        itemCount: count.n,
        lastFetchAt: status?.lastFetchAt ?? null,
        lastError: status?.lastError ? { code: status.lastError.code, message: status.lastError.message, at: status.lastError.at } : null,
      }
    })
  }

  function feedOf(session: PeopleSession, groupId: string, feedId: string): NewsFeed {
    const found = feedsOf(session, groupId).find((feed) => feed.id === feedId)
    if (!found) throw new RpcError('NEWS_FEED_NOT_FOUND', 'That feed is not in this group’s news.')
    return found
  }

  function news(session: PeopleSession, groupId: string) {
    return listNews(session.db, groupContext(session, groupId), groupId)
  }

  async function open(groupId: string): Promise<{ session: PeopleSession; space: Space }> {
    const session = await requireSession(people)
    return { session, space: groups.requireGroup(session, groupId) }
  }

  function detail(session: PeopleSession, groupId: string): Group {
    const found = getGroup(session.db, groupContext(session, groupId), groupId)
    if (!found) throw new RpcError('GROUP_NOT_FOUND', 'There is no such group on this device.')
    return found
  }

  function summary(session: PeopleSession, groupId: string): GroupSummary {
    const found = getGroupSummary(session.db, groupContext(session, groupId), groupId)
    if (!found) throw new RpcError('GROUP_NOT_FOUND', 'There is no such group on this device.')
    return found
  }

  /** Ask the rules first: the same verdict every peer will reach, as a clear error. */
  function precheck(session: PeopleSession, space: Space, op: Omit<GroupOp, 'id' | 'at' | 'sp'>): void {
    const state = groups.stateOf(space)
    const writer = hex(space.base.local.key)
    const full = { ...op, ...session.opBase(space) } as GroupOp
    const result = checkGroupOp({ key: space.key, discoveryKey: hex(space.discoveryKey) }, state, writer, session.me, full)
    if (!result.ok) throw refusal(result.reason)
  }

  async function write(session: PeopleSession, space: Space, ops: Array<Omit<GroupOp, 'id' | 'at' | 'sp'>>): Promise<void> {
    await groups.append(session, space, ops as Parameters<GroupService['append']>[2])
    await space.flush()
    events.emit('groups.onGroupsChanged', { groupId: space.key })
  }

  function members(session: PeopleSession, space: Space) {
    return listMembers(session.db, groupContext(session, space.key), space.key, hex(space.discoveryKey), clock.now())
  }

  function toRequest(row: { id: string; space: string; identity: string; name: string; note: string; requested_at: number; via: 'link' | 'invitation'; status: JoinRequest['status'] }): JoinRequest {
    return { id: row.id, groupId: row.space, requesterId: row.identity, name: row.name, note: row.note, requestedAt: row.requested_at, via: row.via, status: row.status }
  }

  function toLink(row: LinkRow): GroupLink {
    const now = clock.now()
    const status = row.status === 'revoked' ? 'revoked' : row.single_use && row.uses > 0 ? 'used' : row.expires_at <= now ? 'expired' : 'active'
    return { id: row.id, groupId: row.space, ...linkCodeOf(row), createdAt: row.created_at, expiresAt: row.expires_at, singleUse: row.single_use === 1, uses: row.uses, status }
  }

  function invitations(session: PeopleSession): GroupInvitation[] {
    const rows = session.db
      .prepare(
        `SELECT i.id, i.group_key, i.name, i.mode, i.author, i.at, c.display_name, a.answer
         FROM space_group_invites i LEFT JOIN contacts c ON c.id = i.author LEFT JOIN group_invitation_answers a ON a.invitation = i.id
         WHERE i.author != ? ORDER BY i.at DESC`,
      )
      .all(session.me) as Array<{ id: string; group_key: string; name: string; mode: GroupInvitation['mode']; author: string; at: number; display_name: string | null; answer: string | null }>
    return rows.map((row) => {
      const mine = memberships(session.db, row.group_key).get(session.me)
      const status: GroupInvitation['status'] = mine?.status === 'member' ? 'joined' : row.answer === 'decline' ? 'declined' : row.answer === 'accept' ? 'joining' : 'pending'
      return { id: row.id, groupId: row.group_key, groupName: row.name, mode: row.mode, fromId: row.author, fromName: row.display_name ?? 'A contact', receivedAt: row.at, status }
    })
  }

  function requireInvitation(session: PeopleSession, id: string) {
    const row = session.db.prepare('SELECT * FROM space_group_invites WHERE id = ? AND author != ?').get(id, session.me) as
      | { space: string; id: string; author: string; group_key: string; encryption_key: string; name: string; mode: string }
      | undefined
    if (!row) throw new RpcError('GROUP_INVITATION_NOT_FOUND', 'There is no such invitation.')
    return row
  }

  return {
    'groups.create': async ({ name, purpose, description, avatar, mode, visibility }) => {
      const session = await requireSession(people)
      const db = session.db
      const encryptionKey = randomBytes(32)
      const namespace = `group/own-${randomBytes(16).toString('hex')}`
      const space = await session.openSpace({ key: null, namespace, encryption_key: hex(encryptionKey), kind: 'group' })
      db.prepare("INSERT INTO spaces (key, kind, namespace, encryption_key, peer_id, created_at) VALUES (?, 'group', ?, ?, NULL, ?)").run(space.key, namespace, hex(encryptionKey), clock.now())
      const epochZero = newEpochKey()
      await groups.append(session, space, [
        {
          t: 'group.create',
          mode,
          visibility,
          device: session.device.keyPair.publicKey.toString('hex'),
          deviceCert: session.device.cert,
          sealKey: hex(session.identity.sealing.publicKey),
          keys: [{ m: session.me, k: sealEpochKey(epochZero, session.identity.sealing.publicKey) }],
        },
      ])
      await space.flush()
      await groups.appendSealed(session, space, 'group.profile', {}, { name: name.trim(), purpose, description, avatar })
      await space.flush()
      groups.scheduleDuties(session, space.key)
      events.emit('groups.onGroupsChanged', { groupId: space.key })
      return detail(session, space.key)
    },
    'groups.list': async () => {
      const session = await requireSession(people)
      return listGroups(session.db, groupContext(session, ''))
    },
    'groups.get': async ({ groupId }) => {
      const session = await requireSession(people)
      return detail(session, groupId)
    },
    'groups.updateProfile': async ({ groupId, name, purpose, description, avatar }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      await groups.appendSealed(session, space, 'group.profile', {}, { name: name.trim(), purpose, description, avatar })
      await space.flush()
      events.emit('groups.onGroupsChanged', { groupId })
      return detail(session, groupId)
    },
    'groups.updateSettings': async ({ groupId, mode, visibility }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      const state = groups.stateOf(space)
      const op = { t: 'group.settings' as const, ...(mode && mode !== state.mode ? { mode } : {}), ...(visibility && visibility !== state.visibility ? { visibility } : {}) }
      if (op.mode || op.visibility) await write(session, space, [op])
      return detail(session, groupId)
    },
    'groups.listMembers': async ({ groupId }) => {
      const { session, space } = await open(groupId)
      return members(session, space)
    },
    'groups.setRole': async ({ groupId, memberId, role }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      const op = { t: 'member.role' as const, member: memberId, role }
      precheck(session, space, op)
      await write(session, space, [op])
      return members(session, space)
    },
    'groups.removeMember': async ({ groupId, memberId }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      const op = { t: 'member.remove' as const, member: memberId }
      precheck(session, space, op)
      // One batch: the removal and a new epoch sealed to everyone else, so
      // nothing is ever written under a key the removed member holds.
      await write(session, space, [op, groups.rotationFor(space, new Set([memberId]))])
      session.db.prepare("UPDATE group_join_requests SET status = 'refused', decided_at = ? WHERE space = ? AND identity = ?").run(clock.now(), groupId, memberId)
      return members(session, space)
    },
    'groups.muteMember': async ({ groupId, memberId, minutes }) => {
      const { session, space } = await open(groupId)
      groups.requireModerator(session, space)
      const op = { t: 'member.mute' as const, member: memberId, until: minutes === 0 ? 0 : clock.now() + minutes * 60_000 }
      precheck(session, space, op)
      await write(session, space, [op])
      return members(session, space)
    },
    'groups.leave': async ({ groupId }) => {
      const { session, space } = await open(groupId)
      groups.requireMember(session, space)
      const op = { t: 'member.leave' as const }
      precheck(session, space, op)
      await write(session, space, [op])
      return summary(session, groupId)
    },
    'groups.forget': async ({ groupId }) => {
      const { session, space } = await open(groupId)
      if (groups.stateOf(space).members.has(session.me)) throw new RpcError('GROUP_FORBIDDEN', 'Leave the group before forgetting it.')
      await session.closeSpace(groupId)
      const db = session.db
      db.transaction(() => {
        for (const table of GROUP_TABLES) db.prepare(`DELETE FROM ${table} WHERE space = ?`).run(groupId)
        for (const table of ['group_links', 'group_join_requests', 'channel_reads']) db.prepare(`DELETE FROM ${table} WHERE space = ?`).run(groupId)
        db.prepare('DELETE FROM group_outgoing WHERE group_key = ?').run(groupId)
        db.prepare('DELETE FROM spaces WHERE key = ?').run(groupId)
      })()
      events.emit('groups.onGroupsChanged', { groupId: null })
      return {}
    },

    'groups.inviteContact': async ({ groupId, contactId }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      if (groups.stateOf(space).members.has(contactId)) throw new RpcError('GROUP_ALREADY_MEMBER', 'That person is already a member.')
      const contact = session.db.prepare('SELECT status, conversation_id FROM contacts WHERE id = ?').get(contactId) as { status: string; conversation_id: string | null } | undefined
      if (!contact) throw new RpcError('CONTACT_NOT_FOUND', 'That person is not one of your contacts.')
      if (contact.status === 'blocked') throw new RpcError('CONTACT_BLOCKED', 'You blocked this person. Unblock them to invite them.')
      const dm = contact.conversation_id ? session.spaces.get(contact.conversation_id) : undefined
      if (!dm || !dm.writable) throw new RpcError('CONVERSATION_NOT_READY', 'Your conversation with this person is not ready yet: invite them once you have been online together.')
      const row = session.db.prepare('SELECT encryption_key FROM spaces WHERE key = ?').get(groupId) as { encryption_key: string }
      const state = groups.stateOf(space)
      await session.appendOp(dm, { t: 'group.invite', group: groupId, encryptionKey: row.encryption_key, name: groupProfile(session.db, groupId).name, mode: state.mode })
      await dm.flush()
      events.emit('chats.onMessagesChanged', { conversationId: dm.key })
      return {}
    },
    'groups.listInvitations': async () => invitations(await requireSession(people)),
    'groups.acceptInvitation': async ({ id }) => {
      const session = await requireSession(people)
      const invitation = requireInvitation(session, id)
      const dm = session.spaces.get(invitation.space)
      if (!dm || !dm.writable) throw new RpcError('CONVERSATION_NOT_READY', 'Your conversation with the person who invited you is not ready yet.')
      const db = session.db
      if (!db.prepare('SELECT 1 FROM spaces WHERE key = ?').get(invitation.group_key)) {
        db.prepare("INSERT INTO spaces (key, kind, namespace, encryption_key, peer_id, created_at) VALUES (?, 'group', ?, ?, NULL, ?)").run(
          invitation.group_key,
          groupNamespace(invitation.group_key),
          invitation.encryption_key,
          clock.now(),
        )
      }
      const request = await groups.membershipRequest(session, invitation.group_key)
      await session.appendOp(dm, { t: 'group.accept', invitation: id, ...request })
      db.prepare('INSERT OR REPLACE INTO group_invitation_answers (invitation, answer, at) VALUES (?, ?, ?)').run(id, 'accept', clock.now())
      await session.openSpace({ key: invitation.group_key, namespace: groupNamespace(invitation.group_key), encryption_key: invitation.encryption_key, kind: 'group' })
      markRouteRead(db, '/groups', clock.now())
      events.emit('groups.onInvitationsChanged', {})
      events.emit('groups.onGroupsChanged', { groupId: invitation.group_key })
      return invitations(session).find((item) => item.id === id)!
    },
    'groups.declineInvitation': async ({ id }) => {
      const session = await requireSession(people)
      const invitation = requireInvitation(session, id)
      const dm = session.spaces.get(invitation.space)
      if (dm?.writable) await session.appendOp(dm, { t: 'group.decline', invitation: id })
      session.db.prepare('INSERT OR REPLACE INTO group_invitation_answers (invitation, answer, at) VALUES (?, ?, ?)').run(id, 'decline', clock.now())
      events.emit('groups.onInvitationsChanged', {})
      return invitations(session).find((item) => item.id === id)!
    },

    'groups.createLink': async ({ groupId, expiresInHours }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      if (session.network.swarm === null) throw new RpcError('NETWORK_OFFLINE', 'PLANET is offline (started without a network): nobody could use a link now.')
      const row = links(session).createLink(space, expiresInHours)
      events.emit('groups.onGroupsChanged', { groupId })
      return toLink(row)
    },
    'groups.listLinks': async ({ groupId }) => {
      const { session } = await open(groupId)
      return (session.db.prepare('SELECT * FROM group_links WHERE space = ? ORDER BY created_at DESC').all(groupId) as LinkRow[]).map(toLink)
    },
    'groups.revokeLink': async ({ groupId, linkId }) => {
      const { session } = await open(groupId)
      const result = session.db.prepare("UPDATE group_links SET status = 'revoked' WHERE id = ? AND space = ?").run(linkId, groupId)
      if (result.changes === 0) throw new RpcError('GROUP_LINK_NOT_FOUND', 'There is no such link.')
      events.emit('groups.onGroupsChanged', { groupId })
      return toLink(session.db.prepare('SELECT * FROM group_links WHERE id = ?').get(linkId) as LinkRow)
    },
    'groups.join': async ({ code, note }) => {
      const session = await requireSession(people)
      return links(session).join(code, note)
    },
    'groups.listOutgoingRequests': async () => {
      const session = await requireSession(people)
      const rows = session.db.prepare('SELECT id, group_key, group_name, requested_at, status FROM group_outgoing ORDER BY requested_at DESC').all() as Array<{
        id: string
        group_key: string
        group_name: string
        requested_at: number
        status: OutgoingRequest['status']
      }>
      return rows.map((row) => ({ id: row.id, groupId: row.group_key, groupName: row.group_name, requestedAt: row.requested_at, status: row.status }))
    },
    'groups.cancelRequest': async ({ id }) => {
      const session = await requireSession(people)
      session.db.prepare("DELETE FROM group_outgoing WHERE id = ? AND status != 'joined'").run(id)
      events.emit('groups.onGroupsChanged', { groupId: null })
      return {}
    },
    'groups.listJoinRequests': async ({ groupId }) => {
      const { session } = await open(groupId)
      const rows = session.db.prepare('SELECT * FROM group_join_requests WHERE space = ? ORDER BY requested_at DESC').all(groupId) as Parameters<typeof toRequest>[0][]
      return rows.map(toRequest)
    },
    'groups.approveRequest': async ({ groupId, requestId }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      const row = session.db.prepare('SELECT * FROM group_join_requests WHERE id = ? AND space = ?').get(requestId, groupId) as Parameters<typeof toRequest>[0] | undefined
      if (!row) throw new RpcError('GROUP_REQUEST_NOT_FOUND', 'There is no such join request.')
      session.db.prepare("UPDATE group_join_requests SET status = 'approved', decided_at = ? WHERE id = ?").run(clock.now(), requestId)
      markRouteRead(session.db, `/groups/${groupId}/members`, clock.now())
      // Admitted now; their app learns it the next time it asks (every few seconds while open).
      groups.scheduleDuties(session, groupId)
      await groups.idle()
      events.emit('groups.onGroupsChanged', { groupId })
      return toRequest({ ...row, status: 'approved' })
    },
    'groups.refuseRequest': async ({ groupId, requestId }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      const row = session.db.prepare('SELECT * FROM group_join_requests WHERE id = ? AND space = ?').get(requestId, groupId) as Parameters<typeof toRequest>[0] | undefined
      if (!row) throw new RpcError('GROUP_REQUEST_NOT_FOUND', 'There is no such join request.')
      session.db.prepare("UPDATE group_join_requests SET status = 'refused', decided_at = ? WHERE id = ?").run(clock.now(), requestId)
      events.emit('groups.onGroupsChanged', { groupId })
      return toRequest({ ...row, status: 'refused' })
    },

    'groups.listThreads': async ({ groupId }) => {
      const { session } = await open(groupId)
      return listThreads(session.db, groupContext(session, groupId), groupId)
    },
    'groups.getThread': async ({ groupId, threadId }) => {
      const { session } = await open(groupId)
      const thread = getThread(session.db, groupContext(session, groupId), groupId, threadId)
      if (!thread) throw new RpcError('THREAD_NOT_FOUND', 'That thread does not exist.')
      return thread
    },
    'groups.createThread': async ({ groupId, title, text }) => {
      const { session, space } = await open(groupId)
      groups.requireMember(session, space)
      const me = groups.stateOf(space).members.get(session.me)!
      if (me.mutedUntil > clock.now()) throw new RpcError('MEMBER_MUTED', 'A moderator muted you in this group.')
      const op = await groups.appendSealed(session, space, 'thread.open', {}, { title, text })
      await space.flush()
      events.emit('groups.onThreadsChanged', { groupId })
      const thread = getThread(session.db, groupContext(session, groupId), groupId, op.id)
      if (!thread) throw new RpcError('INTERNAL', 'The new thread did not reach the projection.')
      return thread
    },

    'groups.listNews': async ({ groupId }) => {
      const { session } = await open(groupId)
      return news(session, groupId)
    },
    'groups.postNews': async ({ groupId, title, link, text, tags }) => {
      const { session, space } = await open(groupId)
      groups.requireMember(session, space)
      const me = groups.stateOf(space).members.get(session.me)!
      if (me.mutedUntil > clock.now()) throw new RpcError('MEMBER_MUTED', 'A moderator muted you in this group.')
      const op = await groups.appendSealed(session, space, 'news.post', {}, { title: title.trim(), link, text, tags })
      await space.flush()
      events.emit('groups.onNewsChanged', { groupId })
      const item = news(session, groupId).find((found) => found.id === op.id)
      if (!item) throw new RpcError('INTERNAL', 'The new item did not reach the projection.')
      return item
    },
    'groups.voteNews': async ({ groupId, itemId, on }) => {
      const { session, space } = await open(groupId)
      groups.requireMember(session, space)
      const state = groups.stateOf(space)
      const type = state.ops.get(itemId)?.type
      if (type !== 'news.post' && type !== 'news.import') throw new RpcError('NEWS_NOT_FOUND', 'That item is not in this group’s news.')
      // One vote per member: asking for what already stands changes nothing.
      if (state.newsVotes.has(`${itemId}:${session.me}`) !== on) {
        const op = { t: 'news.vote' as const, target: itemId, on }
        precheck(session, space, op)
        await write(session, space, [op])
        events.emit('groups.onNewsChanged', { groupId })
      }
      return news(session, groupId)
    },
    'groups.listNewsFeeds': async ({ groupId }) => {
      const { session } = await open(groupId)
      return feedsOf(session, groupId)
    },
    'groups.addNewsFeed': async ({ groupId, url }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      // Say no now to an address on a private network (admins' devices would refuse to fetch it anyway).
      // A host that cannot be looked up right now (offline) is accepted: the fetcher checks again each time.
      await groups.newsFetchOptions.checkAddress?.(new URL(url)).catch((error: unknown) => {
        if (error instanceof FeedError && error.code === 'FEED_BAD_URL') throw new RpcError('INVALID_INPUT', error.message)
      })
      const op = await groups.appendSealed(session, space, 'news.feed.add', {}, { url })
      await space.flush()
      await fetcherOf(session).refresh()
      events.emit('groups.onNewsChanged', { groupId })
      return feedOf(session, groupId, op.id)
    },
    'groups.removeNewsFeed': async ({ groupId, feedId }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      const feed = groups.stateOf(space).ops.get(feedId)
      if (feed?.type !== 'news.feed.add' || feed.deleted) throw new RpcError('NEWS_FEED_NOT_FOUND', 'That feed is not in this group’s news.')
      const op = { t: 'news.feed.remove' as const, feed: feedId }
      precheck(session, space, op)
      await write(session, space, [op])
      await fetcherOf(session).refresh()
      events.emit('groups.onNewsChanged', { groupId })
      return {}
    },
    'groups.refreshNewsFeed': async ({ groupId, feedId }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      feedOf(session, groupId, feedId)
      await fetcherOf(session).fetchNow(feedId)
      return feedOf(session, groupId, feedId)
    },
  }
}
