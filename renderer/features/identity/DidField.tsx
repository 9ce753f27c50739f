import { Box, Group, Text } from '@mantine/core'
import { useId } from 'react'
import { CopyValueButton } from '../../ui/CopyValueButton'

/**
 * The user's DID, shown whole (it is their public address; truncating it
 * invites copying the wrong thing) with a labelled copy button.
 */
export function DidField({ did, label = 'Your DID' }: { did: string; label?: string }) {
  const labelId = useId()
  return (
    <Box role="group" aria-labelledby={labelId}>
      <Text id={labelId} size="sm" fw={500} mb={4}>
        {label}
      </Text>
      <Group
        gap="xs"
        wrap="nowrap"
        justify="space-between"
        px="sm"
        py={6}
        bg="var(--mantine-color-default-hover)"
        style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-default-border)' }}
      >
        <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }} data-did>
          {did}
        </Text>
        <CopyValueButton value={did} label="Copy DID" />
      </Group>
    </Box>
  )
}
