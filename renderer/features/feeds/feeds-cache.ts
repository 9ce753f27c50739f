import type { QueryClient } from '@tanstack/react-query'

/** Every cached feeds.* answer: posts, threads, authors, follows, feeds and their pages. */
export function isFeedsQuery(query: { queryKey: readonly unknown[] }): boolean {
  const method = query.queryKey[0]
  return typeof method === 'string' && method.startsWith('feeds.')
}

/** Refetch what is on screen of Feeds; mark the rest stale. */
export function invalidateFeeds(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: isFeedsQuery })
}
