import { EmptyState, Paper, Skeleton, Stack } from '@mantine/core'
import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ErrorAlert } from './ErrorAlert'

export interface QueryListProps<Item> {
  /** A read that answers with a list. */
  query: UseQueryResult<readonly Item[], unknown>
  /** While it loads: the placeholder's accessible name ("Loading groups"), and how many rows of what height it shows. */
  loading: { label: string; rows: number; height: number }
  /** Before there is anything: what would be here, and how to get some. */
  empty: { icon: ReactNode; title: ReactNode; description: ReactNode }
  children: (items: readonly Item[]) => ReactNode
}

/**
 * A list from the core in all its states, shown the same way on every page:
 * what went wrong (with Try again), placeholder rows while it loads, a card
 * when it is empty, else the items as `children` lays them out.
 */
export function QueryList<Item>({ query, loading, empty, children }: QueryListProps<Item>) {
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
  if (query.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label={loading.label}>
        {Array.from({ length: loading.rows }, (_, row) => (
          <Skeleton key={row} h={loading.height} radius="md" />
        ))}
      </Stack>
    )
  }
  if (query.data.length === 0) {
    return (
      <Paper withBorder radius="lg" p="xl">
        <EmptyState icon={empty.icon} variant="light" title={empty.title} description={empty.description} />
      </Paper>
    )
  }
  return children(query.data)
}
