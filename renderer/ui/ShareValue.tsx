import { Box, Text } from '@mantine/core'
import { CopyableValue } from './CopyableValue'

/**
 * A value to copy, shown whole in monospace. It is a read-only textbox named
 * by `label`, so a screen reader announces what it is and keyboard users can
 * focus and select it.
 */
export function ShareValue({ label, copyLabel, value }: { label: string; copyLabel: string; value: string }) {
  return (
    <Box>
      <Text size="sm" fw={500} mb={4} aria-hidden="true">
        {label}
      </Text>
      <CopyableValue
        value={value}
        copyLabel={copyLabel}
        valueProps={{ role: 'textbox', 'aria-readonly': 'true', 'aria-label': label, tabIndex: 0, style: { userSelect: 'all' } }}
      />
    </Box>
  )
}
