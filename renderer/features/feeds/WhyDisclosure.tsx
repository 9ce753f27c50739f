import { Box, Button, Group, List, Text } from '@mantine/core'
import { useId, useState } from 'react'
import type { FeedTerm } from '../../../shared/domain/feed-builder'
import { formatScore, whyLines } from './why-format'

/** "Why am I seeing this?": the terms that ranked an entry, each with the factor it gave. */
export function WhyDisclosure({ why, score }: { why: readonly FeedTerm[]; score: number }) {
  const [open, setOpen] = useState(false)
  const listId = useId()
  return (
    <Box>
      <Button variant="subtle" size="compact-xs" px={4} aria-expanded={open} aria-controls={listId} onClick={() => setOpen((value) => !value)}>
        Why am I seeing this?
      </Button>
      {open && (
        <Box id={listId} mt={4} px="sm" py="xs" bg="var(--mantine-color-default-hover)" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
          {why.length === 0 ? (
            <Text size="xs" c="dimmed">
              The feed gave no reasons for this item.
            </Text>
          ) : (
            <List size="xs" spacing={2} listStyleType="none" aria-label="Why you see this">
              {whyLines(why).map((line) => (
                <List.Item key={line.key}>
                  <Group gap="xs" wrap="nowrap" justify="space-between">
                    <Text size="xs">{line.label}</Text>
                    <Text size="xs" ff="monospace" c="dimmed" style={{ flex: 'none' }}>
                      {line.weight}
                    </Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            {formatScore(score)}: the factors multiplied.
          </Text>
        </Box>
      )}
    </Box>
  )
}
