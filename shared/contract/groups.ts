import { z } from 'zod'
import { command, event, query } from './define'
import { LIMITS, contactId, shortId } from '../domain/people'
import { DEFAULT_LINK_HOURS, GROUP_LIMITS, groupAvatar, groupId, groupMode, groupName, groupRole, groupVisibility } from '../domain/groups'
import { MAX_INVITE_HOURS } from '../domain/people'
import { NEWS_LIMITS } from '../domain/group-ops'
import { httpUrl, postTag } from '../domain/posts'

/**
 * member: I am in it; removed: an admin removed me; left: I left. Removed
 * and left groups stay listed (read-only history) until forgotten.
 */
export const groupMembership = z.enum(['member', 'removed', 'left'])

export const groupSummary = z.object({
  id: groupId,
  name: z.string(),
  purpose: z.string(),
  /** data: URL, or null for the generated avatar. */
  avatar: z.string().nullable(),
  /** For the generated avatar: a colour from the group key (same everywhere). */
  avatarHue: z.number().int().min(0).max(359),
  mode: groupMode,
  visibility: groupVisibility,
  myRole: groupRole.nullable(),
  membership: groupMembership,
  memberCount: z.number().int().min(0),
  /** Unread messages in the chat and announcements. */
  unreadCount: z.number().int().min(0),
  /** Messages that mention me, unread. */
  mentionCount: z.number().int().min(0),
  lastActivityAt: z.number().int(),
  /** Join requests waiting for an admin (0 unless I am one). */
  pendingRequests: z.number().int().min(0),
})

export const group = groupSummary.extend({
  description: z.string(),
  createdAt: z.number().int(),
  ownerId: contactId.nullable(),
  adminCount: z.number().int().min(0),
  /**
   * The group's ordering settles only while most admins (its indexers) are
   * writing: with a single admin, everything waits for that one device.
   */
  singleAdmin: z.boolean(),
  /** Current epoch number (a new one starts when someone leaves or is removed). */
  epoch: z.number().int().min(0),
  /** Until when I am muted (ms), or null. */
  mutedUntil: z.number().int().nullable(),
  /** False until my device is a writer (just after joining, before the first sync). */
  ready: z.boolean(),
})

export const groupMember = z.object({
  id: contactId,
  name: z.string(),
  avatarHue: z.number().int().min(0).max(359),
  role: groupRole,
  /**
   * True when their membership credential checks out: their own signature
   * over (group, device, writer, sealing key) inside an op signed by an
   * admin. Everyone the log admitted has one; false marks a member whose
   * credential could not be verified on this device.
   */
  verified: z.boolean(),
  /** The admin who admitted them (null for the owner who created the group). */
  addedBy: z.string().nullable(),
  joinedAt: z.number().int(),
  online: z.boolean(),
  mutedUntil: z.number().int().nullable(),
  isMe: z.boolean(),
  isContact: z.boolean(),
})

export const joinRequest = z.object({
  id: shortId,
  groupId,
  requesterId: contactId,
  name: z.string(),
  note: z.string(),
  requestedAt: z.number().int(),
  via: z.enum(['link', 'invitation']),
  status: z.enum(['pending', 'approved', 'refused']),
})

export const groupLink = z.object({
  id: shortId,
  groupId,
  code: z.string(),
  /** planet://invite/<code> */
  link: z.string(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  /** Private groups' links admit one person. */
  singleUse: z.boolean(),
  uses: z.number().int().min(0),
  status: z.enum(['active', 'expired', 'revoked', 'used']),
})

/** An invitation I received from a contact (in our DM). */
export const groupInvitation = z.object({
  id: shortId,
  groupId,
  groupName: z.string(),
  mode: groupMode,
  fromId: contactId,
  fromName: z.string(),
  receivedAt: z.number().int(),
  /** joining: accepted, waiting for the inviter's app to add me. */
  status: z.enum(['pending', 'joining', 'joined', 'declined']),
})

/** A join request I sent with a group link, waiting for an admin. */
export const outgoingRequest = z.object({
  id: shortId,
  groupId,
  /** As the admin who answered named it (empty if unknown). */
  groupName: z.string(),
  requestedAt: z.number().int(),
  status: z.enum(['waiting', 'joined', 'refused']),
})

export const groupThread = z.object({
  id: shortId,
  groupId,
  title: z.string(),
  /** Markdown of the opening post; empty once deleted. */
  text: z.string(),
  authorId: contactId,
  authorName: z.string(),
  createdAt: z.number().int(),
  replyCount: z.number().int().min(0),
  lastActivityAt: z.number().int(),
  deleted: z.boolean(),
  /** False when this device does not hold the key it was sealed with. */
  readable: z.boolean(),
})

/** One item of the group news, as every member ranks it: votes (desc), then log order. */
export const newsItem = z.object({
  id: shortId,
  groupId,
  kind: z.enum(['post', 'import']),
  title: z.string(),
  link: z.string().nullable(),
  /** Markdown for posts; the feed's plain-text summary for imports. */
  text: z.string(),
  tags: z.array(z.string()),
  /** Imports: the feed the item came from, the feed (op id) and the importer's signature. */
  sourceUrl: z.string().nullable(),
  feedId: shortId.nullable(),
  publishedAt: z.number().int().nullable(),
  /** Imports: the member who imported it (their signature is on the item) and whether it verifies here. */
  signatureValid: z.boolean().nullable(),
  authorId: contactId,
  authorName: z.string(),
  createdAt: z.number().int(),
  position: z.number().int().min(0),
  /** Members whose standing vote is an upvote. */
  votes: z.number().int().min(0),
  myVote: z.boolean(),
  /** False when this device does not hold the key it was sealed with. */
  readable: z.boolean(),
})

export const newsFeed = z.object({
  id: shortId,
  groupId,
  url: z.string(),
  addedBy: contactId,
  /** Items imported from it so far. */
  itemCount: z.number().int().min(0),
  /** From this device's fetches (admins' devices only). */
  lastFetchAt: z.number().int().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.number().int() }).nullable(),
})

const groupRef = { groupId }
const linkHours = z.number().int().min(1).max(MAX_INVITE_HOURS).default(DEFAULT_LINK_HOURS)

export const groupMethods = {
  /** Create a group: I become its owner (and its first indexer). */
  'groups.create': command(
    z.object({
      name: groupName,
      purpose: z.string().max(GROUP_LIMITS.purpose, `use at most ${GROUP_LIMITS.purpose} characters`).default(''),
      description: z.string().max(GROUP_LIMITS.description, `use at most ${GROUP_LIMITS.description} characters`).default(''),
      avatar: groupAvatar.nullable().default(null),
      mode: groupMode.default('chat'),
      visibility: groupVisibility.default('private'),
    }),
    group,
  ),
  /** My groups (member, removed or left), most recent activity first. */
  'groups.list': query(z.object({}), z.array(groupSummary)),
  'groups.get': query(z.object(groupRef), group),
  /** Change the profile (admins). Errors: GROUP_NOT_FOUND, GROUP_FORBIDDEN. */
  'groups.updateProfile': command(
    z.object({
      groupId,
      name: groupName,
      purpose: z.string().max(GROUP_LIMITS.purpose, `use at most ${GROUP_LIMITS.purpose} characters`),
      description: z.string().max(GROUP_LIMITS.description, `use at most ${GROUP_LIMITS.description} characters`),
      avatar: groupAvatar.nullable(),
    }),
    group,
  ),
  /** Change the mode and/or visibility (admins). */
  'groups.updateSettings': command(z.object({ groupId, mode: groupMode.optional(), visibility: groupVisibility.optional() }), group),
  'groups.listMembers': query(z.object(groupRef), z.array(groupMember)),
  /**
   * Change a member's role. Admins change moderators and members; only the
   * owner changes admins or hands ownership over (role 'owner': I become an
   * admin). Errors: GROUP_FORBIDDEN, GROUP_MEMBER_NOT_FOUND.
   */
  'groups.setRole': command(z.object({ groupId, memberId: contactId, role: groupRole }), z.array(groupMember)),
  /** Remove a member and start a new epoch: they cannot read anything written afterwards. */
  'groups.removeMember': command(z.object({ groupId, memberId: contactId }), z.array(groupMember)),
  /** Moderators: the member cannot post for `minutes` (0 lifts a mute). */
  'groups.muteMember': command(z.object({ groupId, memberId: contactId, minutes: z.number().int().min(0).max(GROUP_LIMITS.muteMinutes) }), z.array(groupMember)),
  /** Leave the group (an owner hands ownership over first: GROUP_OWNER_CANNOT_LEAVE). */
  'groups.leave': command(z.object(groupRef), groupSummary),
  /** Forget a group I left or was removed from: its history is deleted from this device. */
  'groups.forget': command(z.object(groupRef), z.object({})),

  /** Invite a contact directly (admins): the invitation travels in our DM. Errors: CONTACT_NOT_FOUND, GROUP_ALREADY_MEMBER. */
  'groups.inviteContact': command(z.object({ groupId, contactId }), z.object({})),
  /** Invitations I received, newest first. */
  'groups.listInvitations': query(z.object({}), z.array(groupInvitation)),
  /** Say yes: the inviting admin's app adds me when we are next online together. */
  'groups.acceptInvitation': command(z.object({ id: shortId }), groupInvitation),
  'groups.declineInvitation': command(z.object({ id: shortId }), groupInvitation),

  /** A link to join (admins). Open groups: joins at once; restricted: a join request; private: single use. */
  'groups.createLink': command(z.object({ groupId, expiresInHours: linkHours }), groupLink),
  'groups.listLinks': query(z.object(groupRef), z.array(groupLink)),
  'groups.revokeLink': command(z.object({ groupId, linkId: shortId }), groupLink),
  /**
   * Use a group link (a code from groups.createLink, pasted anywhere an
   * invite is accepted). 'joined': I am a member; 'requested': an admin must
   * approve (the request waits, and completes when we are online together).
   * Errors: INVITE_MALFORMED, INVITE_EXPIRED, INVITE_REVOKED, INVITE_USED,
   * INVITE_UNREACHABLE, GROUP_ALREADY_MEMBER, GROUP_JOIN_REFUSED.
   */
  'groups.join': command(
    z.object({ code: z.string().max(1000), note: z.string().max(GROUP_LIMITS.joinNote).default('') }),
    z.object({ groupId, status: z.enum(['joined', 'requested']) }),
  ),
  /** My join requests still waiting (and how the last ones ended). */
  'groups.listOutgoingRequests': query(z.object({}), z.array(outgoingRequest)),
  /** Cancel one of my waiting join requests. */
  'groups.cancelRequest': command(z.object({ id: shortId }), z.object({})),
  /** Join requests (admins). */
  'groups.listJoinRequests': query(z.object(groupRef), z.array(joinRequest)),
  'groups.approveRequest': command(z.object({ groupId, requestId: shortId }), joinRequest),
  'groups.refuseRequest': command(z.object({ groupId, requestId: shortId }), joinRequest),

  /** Discuss: threads, most recent activity first. Replies are chats.* messages with `channel` = the thread id. */
  'groups.listThreads': query(z.object(groupRef), z.array(groupThread)),
  'groups.getThread': query(z.object({ groupId, threadId: shortId }), groupThread),
  'groups.createThread': command(
    z.object({
      groupId,
      title: z.string().trim().min(1, 'give the thread a title').max(GROUP_LIMITS.threadTitle, `use at most ${GROUP_LIMITS.threadTitle} characters`),
      text: z.string().max(LIMITS.messageText, `use at most ${LIMITS.messageText} characters`).default(''),
    }),
    groupThread,
  ),

  /** Group news, ranked the same on every member: most upvotes first, then oldest first. */
  'groups.listNews': query(z.object(groupRef), z.array(newsItem)),
  /** Submit a link or a post (members not muted). Errors: MEMBER_MUTED. */
  'groups.postNews': command(
    z.object({
      groupId,
      title: z.string().trim().min(1, 'give it a title').max(NEWS_LIMITS.title, `use at most ${NEWS_LIMITS.title} characters`),
      link: httpUrl.nullable().default(null),
      text: z.string().max(NEWS_LIMITS.text, `use at most ${NEWS_LIMITS.text} characters`).default(''),
      tags: z.array(postTag).max(NEWS_LIMITS.tags).default([]),
    }),
    newsItem,
  ),
  /** Upvote (on) or take my vote back (off); doing what is already done changes nothing. Errors: NEWS_NOT_FOUND. */
  'groups.voteNews': command(z.object({ groupId, itemId: shortId, on: z.boolean() }), z.array(newsItem)),
  'groups.listNewsFeeds': query(z.object(groupRef), z.array(newsFeed)),
  /** Add an RSS/Atom feed (admins): admins' devices fetch it into the news. */
  'groups.addNewsFeed': command(z.object({ groupId, url: httpUrl }), newsFeed),
  'groups.removeNewsFeed': command(z.object({ groupId, feedId: shortId }), z.object({})),
  /** Fetch a feed now (admins) and import what is new. Errors: NEWS_FEED_NOT_FOUND. */
  'groups.refreshNewsFeed': command(z.object({ groupId, feedId: shortId }), newsFeed),
} as const

export const groupEvents = {
  /** The group list, a group's profile, settings, members or requests changed. */
  'groups.onGroupsChanged': event(z.object({ groupId: groupId.nullable() })),
  'groups.onInvitationsChanged': event(z.object({})),
  'groups.onThreadsChanged': event(z.object({ groupId })),
  'groups.onNewsChanged': event(z.object({ groupId })),
} as const
