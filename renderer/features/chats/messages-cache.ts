import type { InfiniteData } from '@tanstack/react-query'

interface Page<M> {
  messages: M[]
  hasMore: boolean
}

/**
 * Put a message the core just returned (edited, deleted, reacted to) into the
 * loaded pages at once, so the change shows before the event-driven refetch.
 */
export function replaceMessage<M extends { id: string }>(data: InfiniteData<Page<M>, unknown> | undefined, message: M): InfiniteData<Page<M>, unknown> | undefined {
  if (!data) return data
  let found = false
  const pages = data.pages.map((page) => {
    if (!page.messages.some((item) => item.id === message.id)) return page
    found = true
    return { ...page, messages: page.messages.map((item) => (item.id === message.id ? message : item)) }
  })
  return found ? { ...data, pages } : data
}

/**
 * The loaded pages (newest page first, each oldest-first) as one list in
 * conversation order, without duplicates where a refetch shifted a boundary.
 */
export function flattenPages<M extends { id: string; position: number }>(pages: readonly Page<M>[]): M[] {
  const byId = new Map<string, M>()
  for (const page of pages) for (const message of page.messages) if (!byId.has(message.id)) byId.set(message.id, message)
  return [...byId.values()].sort((a, b) => a.position - b.position)
}
