import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useLocation } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'

/**
 * Alert events → cache, plus a toast for what deserves one right now: an
 * accepted invite, or a message (mention, announcement) that is not on screen.
 * ("Contact online" only goes to the bell: it would be noise as a toast.)
 */
export function AlertEvents() {
  const queryClient = useQueryClient()
  const { pathname } = useLocation()

  useApiEvent('alerts.onAlertAdded', (alert) => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('alerts.list') })
    if (shouldToast(alert, pathname)) {
      notifications.show({ title: alert.title, message: alert.body || undefined, color: alert.kind === 'invite-accepted' ? 'teal' : 'indigo' })
    }
  })
  useApiEvent('alerts.onBadgeChanged', ({ count }) => {
    queryClient.setQueryData<MethodOutput<'alerts.getBadge'>>(apiQueryKey('alerts.getBadge', {}), { count })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('alerts.list') })
  })
  return null
}

const ON_SCREEN_KINDS: ReadonlySet<string> = new Set(['message', 'mention', 'announcement', 'comment'])

function shouldToast(alert: MethodOutput<'alerts.list'>['alerts'][number], pathname: string): boolean {
  if (alert.kind === 'contact-online') return false
  // Already on screen: a message, mention or announcement in the conversation or group tab being read, or a comment on the post being read.
  if (ON_SCREEN_KINDS.has(alert.kind) && alert.route === pathname && document.hasFocus()) return false
  return true
}
