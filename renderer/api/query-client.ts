import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { RpcError } from '../../shared/rpc/errors'
import { apiQueryKey } from './query-keys'

/**
 * One cache per connection. RPC errors are answers, not flukes, so nothing is
 * retried; a VAULT_LOCKED answer means we missed a lock (the event raced the
 * call), so we re-read the vault status and let the router take over.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError(error) {
        if (error instanceof RpcError && error.code === 'VAULT_LOCKED') {
          void client.invalidateQueries({ queryKey: apiQueryKey('vault.getStatus', {}) })
        }
      },
    }),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  })
  return client
}
