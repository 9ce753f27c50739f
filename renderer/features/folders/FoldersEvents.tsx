import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../../api/hooks'
import { queriesWithInput } from '../../api/query-keys'

/** Everything cached about one group's shared folders. */
const PER_GROUP = ['folders.list', 'folders.listFiles', 'folders.listDeleted', 'folders.conflicts', 'folders.history'] as const

/**
 * A group's folders, a binding or a folder's status changed (a member's
 * edit arriving makes the status move, so the file lists follow too): refetch
 * what is on screen for that group; the rest is just marked stale.
 */
export function FoldersEvents() {
  const queryClient = useQueryClient()
  useApiEvent('folders.onFoldersChanged', ({ groupId }) => {
    for (const method of PER_GROUP) void queryClient.invalidateQueries(queriesWithInput(method, { groupId }))
  })
  return null
}
