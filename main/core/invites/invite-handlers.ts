import type { z } from 'zod'
import type { invite } from '../../../shared/contract/invites'
import { parseAnyCode } from '../../../shared/domain/invite-code'
import { RpcError } from '../../../shared/rpc/errors'
import { upsertAlert } from '../alerts/alert-store'
import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import { requireSession } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import { hex } from '../spaces/certs'
import { InvitePairing, createInvite, inviteCodeOf } from './invite-pairing'
import type { InviteRow } from './invite-store'
import { getInvite, inviteByDiscoveryKey, recentInvites } from './invite-store'

type Invite = z.infer<typeof invite>

export function toInvite(row: InviteRow, now: number): Invite {
  const { code, link } = inviteCodeOf(row)
  const expired = row.status === 'pending' && row.expires_at <= now
  return {
    id: row.id,
    label: row.label,
    code,
    link,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: expired ? 'expired' : row.status,
    acceptedBy: row.accepted_by,
    acceptedAt: row.accepted_at,
  }
}

export function createInviteHandlers(services: CoreServices, people: PeopleService): AreaHandlers<'invites'> {
  const { vault, events, clock } = services
  const pairings = new WeakMap<PeopleSession, InvitePairing>()

  /** The session's pairing, answering every live invite from the moment it starts. */
  function pairingOf(session: PeopleSession): InvitePairing {
    let pairing = pairings.get(session)
    if (!pairing) {
      pairing = new InvitePairing(session, {
        invitesChanged: () => events.emit('invites.onInvitesChanged', {}),
        inviteAccepted: (inviteId, contactId, label) => {
          events.emit('invites.onInviteAccepted', { inviteId, contactId })
          const alert = upsertAlert(session.db, {
            kind: 'invite-accepted',
            title: `${label} accepted your invite`,
            body: 'You are connected: say hello.',
            route: `/contacts/${contactId}`,
            now: clock.now(),
          })
          events.emit('alerts.onAlertAdded', alert)
          people.emitBadge()
        },
        contactsChanged: (contactId) => {
          events.emit('contacts.onContactsChanged', { contactId })
          events.emit('chats.onConversationsChanged', {})
        },
      })
      pairings.set(session, pairing)
      pairing.listenAll(clock.now())
    }
    return pairing
  }

  // Answer invites as soon as a session runs, not only after the UI touches invites.
  events.on('vault.onUnlocked', () => {
    people
      .session()
      .then(pairingOf)
      .catch(() => undefined)
  })

  return {
    'invites.create': async ({ label, expiresInHours }) => {
      const session = await requireSession(people)
      const row = await createInvite(session, pairingOf(session), { label, expiresInHours })
      events.emit('invites.onInvitesChanged', {})
      return toInvite(row, clock.now())
    },
    'invites.list': () => recentInvites(vault.db, clock.now()).map((row) => toInvite(row, clock.now())),
    'invites.revoke': async ({ id }) => {
      const row = getInvite(vault.db, id)
      if (!row) throw new RpcError('INVITE_NOT_FOUND', 'There is no such invite.')
      if (row.status === 'pending') {
        vault.db.prepare("UPDATE invites SET status = 'revoked' WHERE id = ?").run(id)
        // The space made for this invite never had anyone else in it.
        const session = await requireSession(people)
        await session.closeSpace(row.space_key)
        vault.db.prepare('DELETE FROM spaces WHERE key = ? AND peer_id IS NULL').run(row.space_key)
        events.emit('invites.onInvitesChanged', {})
      }
      return toInvite(getInvite(vault.db, id)!, clock.now())
    },
    'invites.check': ({ code }) => {
      let parsed
      try {
        parsed = parseAnyCode(code)
      } catch (error) {
        return { valid: false, code: 'INVITE_MALFORMED', message: error instanceof Error ? error.message : 'This is not an invite code.', kind: null }
      }
      if (parsed.kind === 'group') return { valid: true, code: null, message: null, kind: 'group' }
      if (vault.isUnlocked && inviteByDiscoveryKey(vault.db, hex(parsed.discoveryKey))) {
        return { valid: false, code: 'INVITE_OWN', message: 'This is one of your own invites: send it to the person you want to invite.', kind: null }
      }
      return { valid: true, code: null, message: null, kind: 'contact' }
    },
    'invites.accept': async ({ code }) => {
      const session = await requireSession(people)
      const result = await pairingOf(session).accept(code)
      events.emit('chats.onConversationsChanged', {})
      return result
    },
  }
}
