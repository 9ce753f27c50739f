import type { QueryClient } from '@tanstack/react-query'
import type { MethodOutput } from '../../shared/contract'
import { apiQueryKey } from './query-keys'

const STATUS_KEY = apiQueryKey('vault.getStatus', {})
/** Answers that stay valid while locked (public, holding nothing private). */
const SURVIVES_LOCK = new Set<unknown>(['vault.getStatus', 'app.getInfo'])

/**
 * The vault just locked (our own Lock button, the idle timer, another window):
 * record it at once so the router moves to the unlock screen, and drop every
 * cached answer that came out of the vault so none of it lingers in memory.
 */
export function markVaultLocked(queryClient: QueryClient): void {
  queryClient.setQueryData<MethodOutput<'vault.getStatus'>>(STATUS_KEY, { state: 'locked', autoLockMinutes: null })
  queryClient.removeQueries({ predicate: (query) => !SURVIVES_LOCK.has(query.queryKey[0]) })
}

export function setVaultStatus(queryClient: QueryClient, status: MethodOutput<'vault.getStatus'>): void {
  queryClient.setQueryData(STATUS_KEY, status)
}
