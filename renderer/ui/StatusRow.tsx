import { Group, Paper, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'

export interface StatusRowProps {
  /** What the row is ("Invite for Ben", "Request to join Garden club"). */
  title: string
  /** Its status, as a Badge. */
  status: ReactNode
  /** One dimmed line under the title: when, how often, what happens next. */
  children: ReactNode
  /** What can still be done with it (Show, Revoke, Cancel); none once it is settled. */
  actions?: ReactNode
}

/** One item of a list of things I sent out and can follow (invites, group links, join requests): a list item, so put it in a <ul>. */
export function StatusRow({ title, status, children, actions }: StatusRowProps) {
  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} size="sm" truncate>
              {title}
            </Text>
            {status}
          </Group>
          <Text size="xs" c="dimmed">
            {children}
          </Text>
        </Stack>
        {actions}
      </Group>
    </Paper>
  )
}
