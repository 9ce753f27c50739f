import { QueryClientProvider } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { createContext, useContext, useState } from 'react'
import type { RpcClient } from '../../shared/rpc/client'
import { createQueryClient } from './query-client'

const RpcClientContext = createContext<RpcClient | null>(null)

/**
 * Provides the connection's RpcClient and a query cache of its own. Mount it
 * with `key={generation}` so a reconnect starts from an empty cache instead of
 * answers from a connection that no longer exists.
 */
export function ApiProvider({ client, children }: { client: RpcClient; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient)
  return (
    <RpcClientContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </RpcClientContext.Provider>
  )
}

export function useRpcClient(): RpcClient {
  const client = useContext(RpcClientContext)
  if (!client) throw new Error('useRpcClient must be used inside <ApiProvider>')
  return client
}
