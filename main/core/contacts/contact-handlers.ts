import type { z } from 'zod'
import type { contact } from '../../../shared/contract/contacts'
import { RpcError } from '../../../shared/rpc/errors'
import { SPACE_TABLES } from '../chats/chat-projection'
import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import type { CoreServices } from '../services'
import type { ContactRow } from './contact-store'
import { avatarHue, getContact, listContacts } from './contact-store'

type Contact = z.infer<typeof contact>


export function createContactHandlers(services: CoreServices, people: PeopleService): AreaHandlers<'contacts'> {
  const { vault, events } = services

  function toContact(row: ContactRow): Contact {
    return {
      id: row.id,
      did: row.did,
      displayName: row.display_name,
      bio: row.bio,
      avatarHue: avatarHue(row.id),
      status: row.status,
      online: row.status !== 'blocked' && (people.current?.isContactOnline(row.id) ?? false),
      connectedSince: row.connected_since,
      invitedBy: row.invited_by,
      notes: row.notes,
      conversationId: row.conversation_id,
      lastSeenAt: row.last_seen_at,
    }
  }

  function require(id: string): ContactRow {
    const row = getContact(vault.db, id)
    if (!row) throw new RpcError('CONTACT_NOT_FOUND', 'There is no such contact.')
    return row
  }

  function devicesOf(id: string): string[] {
    return (vault.db.prepare('SELECT device_key FROM contact_devices WHERE contact_id = ?').all(id) as Array<{ device_key: string }>).map((row) => row.device_key)
  }

  function shutOut(id: string): void {
    const session = people.current
    if (!session) return
    session.reloadAllowedDevices()
    for (const device of devicesOf(id)) session.network.disconnect(device)
  }

  function changed(id: string): void {
    events.emit('contacts.onContactsChanged', { contactId: id })
    events.emit('chats.onConversationsChanged', {})
  }

  return {
    'contacts.list': () => listContacts(vault.db).map(toContact),
    'contacts.get': ({ id }) => toContact(require(id)),
    'contacts.setNotes': ({ id, notes }) => {
      require(id)
      vault.db.prepare('UPDATE contacts SET notes = ? WHERE id = ?').run(notes, id)
      events.emit('contacts.onContactsChanged', { contactId: id })
      return toContact(require(id))
    },
    'contacts.block': ({ id }) => {
      const row = require(id)
      if (row.status !== 'blocked') {
        // Remember whether the relationship was complete, to restore it on unblock.
        vault.db.prepare("UPDATE contacts SET status = 'blocked' WHERE id = ?").run(id)
        shutOut(id)
        changed(id)
      }
      return toContact(require(id))
    },
    'contacts.unblock': ({ id }) => {
      const row = require(id)
      if (row.status === 'blocked') {
        const status = row.connected_since !== null ? 'connected' : 'pending'
        vault.db.prepare('UPDATE contacts SET status = ? WHERE id = ?').run(status, id)
        people.current?.reloadAllowedDevices()
        people.current?.network.redial(devicesOf(id))
        changed(id)
      }
      return toContact(require(id))
    },
    'contacts.remove': async ({ id }) => {
      const row = require(id)
      const devices = devicesOf(id)
      const db = vault.db
      db.transaction(() => {
        db.prepare('DELETE FROM contact_devices WHERE contact_id = ?').run(id)
        db.prepare('DELETE FROM contacts WHERE id = ?').run(id)
        if (row.conversation_id) {
          for (const table of SPACE_TABLES) db.prepare(`DELETE FROM ${table} WHERE space = ?`).run(row.conversation_id)
          db.prepare('DELETE FROM spaces WHERE key = ?').run(row.conversation_id)
          db.prepare('DELETE FROM alerts WHERE route = ?').run(`/chats/${row.conversation_id}`)
        }
        db.prepare('DELETE FROM alerts WHERE route = ?').run(`/contacts/${id}`)
      })()
      const session = people.current
      if (session) {
        session.reloadAllowedDevices()
        for (const device of devices) session.network.disconnect(device)
        if (row.conversation_id) await session.closeSpace(row.conversation_id)
      }
      changed(id)
      people.emitBadge()
      return {}
    },
  }
}
