import { Box, Group, Text, Tooltip } from '@mantine/core'
import { useApiQuery } from '../../api/hooks'
import { describeNetwork } from './network-status'

/** A one-line network status for the navigation bar. */
export function NetworkStatusLine() {
  const status = useApiQuery('network.getStatus', {})
  if (!status.data) return null
  const summary = describeNetwork(status.data)
  return (
    <Tooltip label={summary.detail} withArrow multiline w={240}>
      <Group gap={6} wrap="nowrap" px="sm" py={4} role="status" aria-label={`${summary.label}, ${summary.connections}`}>
        <Box w={8} h={8} style={{ borderRadius: '50%', flex: 'none' }} bg={summary.online ? 'teal.6' : 'gray.5'} aria-hidden="true" />
        <Text size="xs" c="dimmed" truncate>
          {summary.online ? `Online · ${summary.connections}` : 'Offline'}
        </Text>
      </Group>
    </Tooltip>
  )
}
