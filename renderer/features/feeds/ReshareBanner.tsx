import { Badge, Group, List, Stack, Text, UnstyledButton } from '@mantine/core'
import { useId, useState } from 'react'
import type { ReshareView } from '../../../shared/contract/feeds'
import { formatRelativeTime } from '../../ui/format-time'
import { AlertIcon, ShieldIcon } from '../../ui/icons'
import { custodyLines } from './custody-format'

/**
 * Above a reshared post: who passed it on, with what comment, and the chain
 * of custody back to its author — every signer's DID and whether their
 * signature holds over exactly what they passed on.
 */
export function ReshareBanner({ reshare, now }: { reshare: ReshareView; now: number }) {
  const [open, setOpen] = useState(false)
  const listId = useId()
  const lines = custodyLines(reshare)
  return (
    <Stack gap={4} data-reshare={reshare.id}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm">
          <Text span fw={600}>
            {reshare.resharerName}
          </Text>{' '}
          reshared this · {formatRelativeTime(reshare.at, now)}
        </Text>
        {reshare.verified ? (
          <Badge size="xs" variant="light" color="teal" leftSection={<ShieldIcon size={10} />}>
            Chain verified
          </Badge>
        ) : (
          <Badge size="xs" variant="filled" color="red" leftSection={<AlertIcon size={10} />}>
            Chain broken
          </Badge>
        )}
      </Group>
      {reshare.comment.trim() !== '' && (
        <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          “{reshare.comment}”
        </Text>
      )}
      <UnstyledButton onClick={() => setOpen((value) => !value)} aria-expanded={open} aria-controls={listId}>
        <Text size="xs" c="blue">
          {open ? 'Hide the chain of custody' : 'Chain of custody'}
        </Text>
      </UnstyledButton>
      {open && (
        <List id={listId} size="xs" spacing={2} aria-label="Chain of custody">
          {lines.map((line) => (
            <List.Item key={line.position} c={line.ok ? undefined : 'red'}>
              <Text span size="xs" fw={600}>
                {line.title}
              </Text>{' '}
              <Text span size="xs" style={{ wordBreak: 'break-all' }}>
                {line.detail}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  )
}
