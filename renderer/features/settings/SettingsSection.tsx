import { Card, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { useId } from 'react'

/** A titled card that is also a labelled region, so assistive tech can jump between sections. */
export function SettingsSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  const titleId = useId()
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby={titleId}>
      <Stack gap={2} mb="md">
        <Title order={2} fz="lg" id={titleId}>
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      {children}
    </Card>
  )
}
