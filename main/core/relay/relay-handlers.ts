import type { z } from 'zod'
import type { groupRelay } from '../../../shared/contract/relays'
import { RELAYS_PER_GROUP } from '../../../shared/domain/group-ops'
import { RelayCodeError, parseRelayCode } from '../../../shared/domain/relay-code'
import { RpcError } from '../../../shared/rpc/errors'
import { groupContext } from '../groups/group-context'
import type { GroupService } from '../groups/group-service'
import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import { requireSession } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import { hex } from '../spaces/certs'
import type { Space } from '../spaces/space'
import type { RelayService, RelayStatus } from './relay-service'
import { SHARE_DMS_SETTING, relaysOf } from './relay-service'

type GroupRelay = z.infer<typeof groupRelay>

const NOT_ASKED: RelayStatus = { reachable: false, admitted: false, inSync: null, heldBlocks: 0, localBlocks: 0, cores: 0, full: false, checkedAt: null, problem: null }

/** relays.*: a group's relays (group ops relay.add / relay.remove) and the share-DMs setting. */
export function createRelayHandlers(services: CoreServices, people: PeopleService, groups: GroupService, relays: RelayService): AreaHandlers<'relays'> {
  const { events, vault } = services

  async function open(groupId: string): Promise<{ session: PeopleSession; space: Space }> {
    const session = await requireSession(people)
    return { session, space: groups.requireGroup(session, groupId) }
  }

  async function list(session: PeopleSession, space: Space): Promise<GroupRelay[]> {
    const context = groupContext(session, space.key)
    const member = groups.stateOf(space).members.has(session.me)
    return Promise.all(
      relaysOf(groups.stateOf(space)).map(async ({ relayKey, author }) => ({
        groupId: space.key,
        relayKey,
        addedBy: author,
        addedByName: context.nameOf(author),
        status: member ? ((await relays.of(session)?.status(space, relayKey)) ?? NOT_ASKED) : { ...NOT_ASKED, problem: 'You are not a member of this group.' },
      })),
    )
  }

  return {
    'relays.listGroupRelays': async ({ groupId }) => {
      const { session, space } = await open(groupId)
      return list(session, space)
    },
    'relays.addGroupRelay': async ({ groupId, code }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      let parsed
      try {
        parsed = parseRelayCode(code)
      } catch (error) {
        if (error instanceof RelayCodeError) throw new RpcError('RELAY_CODE_INVALID', error.message)
        throw error
      }
      const relayKey = hex(parsed.publicKey)
      const state = groups.stateOf(space)
      if (state.relays.has(relayKey)) throw new RpcError('RELAY_EXISTS', 'This group already uses that relay.')
      if (state.relays.size >= RELAYS_PER_GROUP) throw new RpcError('RELAY_LIMIT', `A group can use at most ${RELAYS_PER_GROUP} relays: remove one first.`)
      await groups.appendSealed(session, space, 'relay.add', { relay: relayKey }, { secret: hex(parsed.secret) })
      await space.flush()
      relays.of(session)?.syncSpace(space)
      events.emit('relays.onRelaysChanged', { groupId })
      const added = (await list(session, space)).find((relay) => relay.relayKey === relayKey)
      if (!added) throw new RpcError('INTERNAL', 'The relay did not reach the group\u2019s state.')
      return added
    },
    'relays.removeGroupRelay': async ({ groupId, relayKey }) => {
      const { session, space } = await open(groupId)
      groups.requireAdmin(session, space)
      if (!groups.stateOf(space).relays.has(relayKey)) throw new RpcError('RELAY_NOT_FOUND', 'This group does not use that relay.')
      await groups.append(session, space, [{ t: 'relay.remove', relay: relayKey }])
      await space.flush()
      relays.of(session)?.syncAll()
      events.emit('relays.onRelaysChanged', { groupId })
      return {}
    },
    'relays.getSettings': async () => ({ shareDms: vault.getSetting(SHARE_DMS_SETTING, false) }),
    'relays.setSettings': async ({ shareDms }) => {
      vault.setSetting(SHARE_DMS_SETTING, shareDms)
      const session = people.current
      if (session) relays.settingsChanged(session)
      events.emit('relays.onRelaysChanged', { groupId: null })
      return { shareDms }
    },
  }
}
