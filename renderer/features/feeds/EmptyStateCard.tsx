import { EmptyState, Paper } from '@mantine/core'
import type { ReactNode } from 'react'

/** The empty card QueryList shows, for lists that are not a plain query (a paged feed). */
export function EmptyStateCard({ icon, title, description }: { icon: ReactNode; title: ReactNode; description: ReactNode }) {
  return (
    <Paper withBorder radius="lg" p="xl">
      <EmptyState icon={icon} variant="light" title={title} description={description} />
    </Paper>
  )
}
