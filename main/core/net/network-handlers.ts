import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import { networkStatusOf } from '../people/people-service'

export function createNetworkHandlers(people: PeopleService): AreaHandlers<'network'> {
  return {
    'network.getStatus': async () => {
      const session = await people.session().catch(() => null)
      return networkStatusOf(session)
    },
  }
}
