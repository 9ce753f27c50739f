import type { ProjectedEntry } from '../chats/chat-projection'
import type { AnyEntry, Space, SpaceProjection } from '../spaces/space'
import type { RulesState, SpaceRules } from '../spaces/space-rules'
import type { PeopleSession } from './session'

/**
 * How a feature plugs into the people session without the session knowing
 * it (ARCHITECTURE §7: "features are modules"). Groups register one; a later
 * app (feeds, folders) can register its own kind of space the same way.
 */
export interface PeopleExtension {
  /** A kind of space this feature owns: its rules (run in apply) and its projection. */
  spaceKind?: {
    kind: 'group'
    rules: SpaceRules<AnyEntry, RulesState<AnyEntry>>
    createProjection(session: PeopleSession): SpaceProjection<AnyEntry>
  }
  /** The session is open and its spaces are open: start background duties. */
  sessionStarted?(session: PeopleSession): void
  /** Inside a DM projection's transaction, after its rows are written. */
  afterDmEntries?(session: PeopleSession, entries: ProjectedEntry[]): void
  /** A projection pass changed rows of this space. */
  spaceProjected?(session: PeopleSession, space: Space): void
  spaceWritable?(session: PeopleSession, space: Space): void
  /** Unread items this feature adds to the badge. */
  unreadCount?(session: PeopleSession): number
  /** More devices the firewall admits (device key → identity), e.g. the members of my groups. */
  allowedDevices?(session: PeopleSession): Iterable<[string, string]>
}
