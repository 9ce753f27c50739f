import type { InfiniteData, UseInfiniteQueryResult, UseMutationOptions, UseMutationResult, UseQueryOptions, UseQueryResult } from '@tanstack/react-query'
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/contract'
import type { RpcError } from '../../shared/rpc/errors'
import { useRpcClient } from './client-context'
import { apiQueryKey } from './query-keys'

type QueryOptions<M extends MethodName> = Omit<UseQueryOptions<MethodOutput<M>, RpcError>, 'queryKey' | 'queryFn'>

/** A cached read, keyed by [method, input]. Errors are RpcErrors; show them with describeError. */
export function useApiQuery<M extends MethodName>(method: M, input: MethodInput<M>, options: QueryOptions<M> = {}): UseQueryResult<MethodOutput<M>, RpcError> {
  const client = useRpcClient()
  return useQuery<MethodOutput<M>, RpcError>({
    queryKey: apiQueryKey(method, input),
    queryFn: () => client.call(method, input),
    ...options,
  })
}

export interface PagedQueryOptions<M extends MethodName, P> {
  /** The page to load first (e.g. undefined = the newest messages). */
  initialPageParam: P
  /** The full input for one page. */
  pageInput: (page: P) => MethodInput<M>
  /** The page after `last` (e.g. older messages), or undefined when there is none. */
  getNextPageParam: (last: MethodOutput<M>) => P | undefined
  enabled?: boolean
}

/**
 * A read that comes in pages (chats.listMessages with `before`), cached as one
 * entry keyed by [method, input, 'pages'], so invalidating the method refetches
 * every loaded page at once.
 */
export function useApiPagedQuery<M extends MethodName, P>(
  method: M,
  input: MethodInput<M>,
  options: PagedQueryOptions<M, P>,
): UseInfiniteQueryResult<InfiniteData<MethodOutput<M>, P>, RpcError> {
  const client = useRpcClient()
  return useInfiniteQuery<MethodOutput<M>, RpcError, InfiniteData<MethodOutput<M>, P>, readonly unknown[], P>({
    queryKey: [...apiQueryKey(method, input), 'pages'],
    queryFn: ({ pageParam }) => client.call(method, options.pageInput(pageParam as P)),
    initialPageParam: options.initialPageParam,
    getNextPageParam: (last) => options.getNextPageParam(last),
    enabled: options.enabled,
  })
}

type MutationOptions<M extends MethodName> = Omit<UseMutationOptions<MethodOutput<M>, RpcError, MethodInput<M>>, 'mutationFn'> & {
  /**
   * Refetch the cached reads after success (default true: commands change
   * state, and the cache is small). Turn off for commands whose effects arrive
   * as events, or that change nothing cached.
   */
  invalidate?: boolean
  /**
   * The answer carries a secret (the recovery phrase): keep it out of the
   * mutation cache. The caller copies it into component state and calls
   * reset() once done.
   */
  sensitive?: boolean
}

/** A command. After success it refreshes the cached reads unless told otherwise. */
export function useApiMutation<M extends MethodName>(method: M, options: MutationOptions<M> = {}): UseMutationResult<MethodOutput<M>, RpcError, MethodInput<M>> {
  const client = useRpcClient()
  const queryClient = useQueryClient()
  const { invalidate = true, sensitive = false, onSuccess, ...rest } = options
  return useMutation<MethodOutput<M>, RpcError, MethodInput<M>>({
    mutationFn: (input) => client.call(method, input),
    ...(sensitive ? { gcTime: 0 } : {}),
    ...rest,
    async onSuccess(data, variables, onMutateResult, context) {
      if (invalidate) await queryClient.invalidateQueries()
      await onSuccess?.(data, variables, onMutateResult, context)
    },
  })
}

/** Subscribe to a contract event for the lifetime of the component; the latest listener is always called. */
export function useApiEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const client = useRpcClient()
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => client.subscribe(event, (payload) => latest.current(payload)), [client, event])
}
