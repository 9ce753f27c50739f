import { Stack } from '@mantine/core'
import type { ReactNode } from 'react'

/** A list of cards (StatusRow, LinkRow, …): a real <ul>, so screen readers say how many there are, named by `label`, without bullets. */
export function CardList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {children}
    </Stack>
  )
}
