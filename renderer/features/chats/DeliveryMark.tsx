import { Box, Tooltip, VisuallyHidden } from '@mantine/core'
import type { Message } from './chat-cache'
import { CheckCheckIcon, CheckIcon, ClockIcon } from '../../ui/icons'

const LOOK = {
  sending: { label: 'Sending', hint: 'Not saved yet', icon: ClockIcon, color: 'var(--mantine-color-dimmed)' },
  sent: { label: 'Sent', hint: 'Saved; waiting for their device', icon: CheckIcon, color: 'var(--mantine-color-dimmed)' },
  delivered: { label: 'Delivered', hint: 'On their device', icon: CheckCheckIcon, color: 'var(--mantine-color-dimmed)' },
  read: { label: 'Read', hint: 'They have read it', icon: CheckCheckIcon, color: 'var(--mantine-color-teal-6)' },
} as const

/** The delivery state of one of my messages: an icon, with the state in words for screen readers. */
export function DeliveryMark({ delivery }: { delivery: Message['delivery'] }) {
  const look = LOOK[delivery]
  const Icon = look.icon
  return (
    <Tooltip label={look.hint} withArrow openDelay={400}>
      <Box component="span" display="inline-flex" c={look.color} data-delivery={delivery} style={{ alignItems: 'center' }}>
        <Icon size={13} />
        <VisuallyHidden>{look.label}</VisuallyHidden>
      </Box>
    </Tooltip>
  )
}
