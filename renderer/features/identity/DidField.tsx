import { Box, Text } from '@mantine/core'
import { useId } from 'react'
import { CopyableValue } from '../../ui/CopyableValue'

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
      <CopyableValue value={did} copyLabel="Copy DID" valueProps={{ 'data-did': true }} />
    </Box>
  )
}
