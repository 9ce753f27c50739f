import type { PeopleSession } from '../people/session'
import type { GroupContext } from './group-queries'
import { memberName } from './group-service'

/** What group queries need from the running session, for one group. */
export function groupContext(session: PeopleSession, space: string): GroupContext {
  const names = new Map<string, string>()
  const myName = (session.db.prepare('SELECT display_name FROM profile WHERE id = 1').get() as { display_name: string } | undefined)?.display_name ?? 'Me'
  return {
    me: session.me,
    isOnline: (identity) => session.isContactOnline(identity),
    isWritable: (key) => session.spaces.get(key)?.writable ?? false,
    nameOf: (identity) => {
      if (identity === session.me) return myName
      let name = names.get(identity)
      if (name === undefined) names.set(identity, (name = memberName(session.db, space, identity)))
      return name
    },
    isContact: (identity) => session.db.prepare("SELECT 1 FROM contacts WHERE id = ? AND status != 'blocked'").get(identity) !== undefined,
  }
}
