import type { MethodInput, MethodName } from '../../shared/contract'

/** Every cached answer is keyed by [method, input], so events can invalidate a whole method. */
export function apiQueryKey<M extends MethodName>(method: M, input?: MethodInput<M>): readonly unknown[] {
  return input === undefined ? [method] : [method, input]
}

/**
 * A query filter for the cached answers of `method` whose input has these
 * fields, e.g. every page of one conversation's messages:
 * `queryClient.invalidateQueries(queriesWithInput('chats.listMessages', { conversationId }))`.
 */
export function queriesWithInput<M extends MethodName>(method: M, fields: Partial<Record<keyof MethodInput<M>, unknown>>) {
  return {
    queryKey: [method] as readonly unknown[],
    predicate: (query: { queryKey: readonly unknown[] }) => inputHas(query.queryKey[1], fields),
  }
}

export function inputHas(input: unknown, fields: Record<string, unknown>): boolean {
  if (typeof input !== 'object' || input === null) return false
  return Object.entries(fields).every(([name, value]) => (input as Record<string, unknown>)[name] === value)
}
