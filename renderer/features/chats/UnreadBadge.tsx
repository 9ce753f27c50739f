import { Badge, VisuallyHidden } from '@mantine/core'
import type { BadgeProps } from '@mantine/core'
import { badgeText } from '../alerts/document-title'

/** How many messages wait unread in a conversation or a group (nothing when none): "3", "99+", read out as "3 unread". */
export function UnreadBadge({ count, ...badge }: { count: number } & BadgeProps) {
  if (count <= 0) return null
  return (
    <Badge size="sm" circle={count < 10} {...badge}>
      {badgeText(count)}
      <VisuallyHidden> unread</VisuallyHidden>
    </Badge>
  )
}
