import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'
import { invalidateFeeds } from './feeds-cache'

/**
 * Feed events → cache. The core says only that something changed (my log or
 * a peer's grew, a follow or a feed was saved), so every feeds read is
 * refetched; what is not on screen is just marked stale. Group news ranks
 * in feeds too, so its changes refetch the feeds' pages.
 */
export function FeedsEvents() {
  const queryClient = useQueryClient()
  useApiEvent('feeds.onFeedsChanged', () => {
    void invalidateFeeds(queryClient)
  })
  useApiEvent('groups.onNewsChanged', () => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('feeds.getFeed') })
  })
  return null
}
