import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export interface PageHeaderProps {
  /** The page's one level-1 heading. */
  title: ReactNode
  /** A line under it on what the page is for. */
  description?: ReactNode
  /** A link back, above the title. */
  back?: ReactNode
  /** The page's main action, at the right (it wraps under on a narrow window). */
  action?: ReactNode
}

/** The top of a page in the app shell, the same on every page so the title always sits where the eye expects it. */
export function PageHeader({ title, description, back, action }: PageHeaderProps) {
  const heading = (
    <Stack gap={4}>
      {back}
      <Title order={1} fz={28}>
        {title}
      </Title>
      {description && <Text c="dimmed">{description}</Text>}
    </Stack>
  )
  if (!action) return heading
  return (
    <Group justify="space-between" align="flex-end">
      {heading}
      {action}
    </Group>
  )
}
