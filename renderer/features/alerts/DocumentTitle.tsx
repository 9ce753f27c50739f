import { useEffect } from 'react'
import { useApiQuery } from '../../api/hooks'
import { APP_TITLE, titleWithBadge } from './document-title'

/** Keeps the window title at "PLANET" or "(N) PLANET" (alerts.getBadge: unread alerts plus unread messages). */
export function DocumentTitle() {
  const badge = useApiQuery('alerts.getBadge', {})
  const count = badge.data?.count ?? 0
  useEffect(() => {
    document.title = titleWithBadge(count)
  }, [count])
  // Locked or gone: no count in the title (it would leak activity to whoever looks at the taskbar).
  useEffect(
    () => () => {
      document.title = APP_TITLE
    },
    [],
  )
  return null
}
