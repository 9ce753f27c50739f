import { useQueryClient } from '@tanstack/react-query'
import type { MethodOutput } from '../../../shared/contract'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'

/** The event carries the whole status: put it in the cache as it is. */
export function NetworkEvents() {
  const queryClient = useQueryClient()
  useApiEvent('network.onStatusChanged', (status) => {
    queryClient.setQueryData<MethodOutput<'network.getStatus'>>(apiQueryKey('network.getStatus', {}), status)
  })
  return null
}
