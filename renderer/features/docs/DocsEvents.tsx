import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'

/** My docs changed (here or in another window): refetch folder lists; what is not on screen is just marked stale. */
export function DocsEvents() {
  const queryClient = useQueryClient()
  useApiEvent('docs.onDocsChanged', () => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('docs.list') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('docs.listFolders') })
  })
  return null
}
