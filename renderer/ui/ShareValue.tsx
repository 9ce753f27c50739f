import { Box, Group, Text } from '@mantine/core'
import { CopyValueButton } from './CopyValueButton'

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
      <Group
        gap="xs"
        wrap="nowrap"
        justify="space-between"
        px="sm"
        py={6}
        bg="var(--mantine-color-default-hover)"
        style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-default-border)' }}
      >
        <Text
          ff="monospace"
          size="sm"
          role="textbox"
          aria-readonly="true"
          aria-label={label}
          tabIndex={0}
          style={{ wordBreak: 'break-all', userSelect: 'all' }}
        >
          {value}
        </Text>
        <CopyValueButton value={value} label={copyLabel} />
      </Group>
    </Box>
  )
}
