import type { ProjectedEntry } from '../chats/chat-projection'
import type { Space } from '../spaces/space'
import type { PeopleSession } from './session'

/** What a session tells the rest of the core (events, alerts, contact records). Implemented by PeopleService. */
export interface PeopleEffects {
  /** Inside the projection's transaction: update contacts from relationship and profile ops, raise alerts. */
  afterProjected(session: PeopleSession, entries: ProjectedEntry[]): void
  spaceProjected(session: PeopleSession, space: string): void
  spaceWritable(session: PeopleSession, space: Space): void
  presenceChanged(session: PeopleSession, contactId: string, online: boolean): void
  networkChanged(session: PeopleSession): void
}
