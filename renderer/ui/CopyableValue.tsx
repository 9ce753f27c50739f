import { Group, Text } from '@mantine/core'
import type { ComponentPropsWithoutRef } from 'react'
import { CopyValueButton } from './CopyValueButton'

export interface CopyableValueProps {
  value: string
  /** The copy button's name ("Copy DID"). */
  copyLabel: string
  /** More for the value's own element: its role and name, a data- hook, extra style. */
  valueProps?: Omit<ComponentPropsWithoutRef<'p'>, 'children' | 'color'> & { [attribute: `data-${string}`]: unknown }
}

/**
 * A value shown whole in monospace (a truncated code or DID invites copying
 * the wrong thing), in a frame with its copy button. ShareValue and DidField
 * put their own label and semantics around it.
 */
export function CopyableValue({ value, copyLabel, valueProps = {} }: CopyableValueProps) {
  const { style, ...attributes } = valueProps
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      justify="space-between"
      px="sm"
      py={6}
      bg="var(--mantine-color-default-hover)"
      style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-default-border)' }}
    >
      <Text ff="monospace" size="sm" {...attributes} style={{ wordBreak: 'break-all', ...style }}>
        {value}
      </Text>
      <CopyValueButton value={value} label={copyLabel} />
    </Group>
  )
}
