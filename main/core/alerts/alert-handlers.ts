import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import type { CoreServices } from '../services'
import { listAlerts, markAlertsRead, unreadAlertCount } from './alert-store'

export function createAlertHandlers(services: CoreServices, people: PeopleService): AreaHandlers<'alerts'> {
  const { vault, clock } = services
  return {
    'alerts.list': ({ limit }) => ({ alerts: listAlerts(vault.db, limit), unreadCount: unreadAlertCount(vault.db) }),
    'alerts.markRead': ({ ids }) => {
      markAlertsRead(vault.db, ids, clock.now())
      people.emitBadge()
      return { unreadCount: unreadAlertCount(vault.db) }
    },
    'alerts.getBadge': () => ({ count: people.badgeCount() }),
  }
}
