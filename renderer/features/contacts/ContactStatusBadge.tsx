import { Badge, Tooltip } from '@mantine/core'

type Status = 'pending' | 'connected' | 'blocked'

const LOOK: Record<Status, { color: string; label: string; hint: string }> = {
  connected: { color: 'teal', label: 'Connected', hint: 'You both signed the connection.' },
  pending: { color: 'yellow', label: 'Pending', hint: 'Waiting for their PLANET to confirm the connection.' },
  blocked: { color: 'red', label: 'Blocked', hint: 'Their devices are refused and their messages hidden.' },
}

export function ContactStatusBadge({ status }: { status: Status }) {
  const look = LOOK[status]
  return (
    <Tooltip label={look.hint} withArrow openDelay={300}>
      <Badge size="sm" variant="light" color={look.color} style={{ flex: 'none' }}>
        {look.label}
      </Badge>
    </Tooltip>
  )
}
