import { Badge, Group, Stack, Text, VisuallyHidden } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import { groupPath } from '../../app/vault-routes'
import { CardList } from '../../ui/CardList'
import { formatListTime } from '../../ui/format-time'
import { LinkRow } from '../../ui/LinkRow'
import { badgeText } from '../alerts/document-title'
import { UnreadBadge } from '../chats/UnreadBadge'
import { GroupAvatar } from './GroupAvatar'
import { countLabel, MODE_BADGE, ROLE_LABEL } from './group-labels'

type GroupSummary = MethodOutput<'groups.list'>[number]

/** My groups, most recent activity first (as the core orders them): unread, mentions and waiting requests at a glance. */
export function GroupList({ groups, now }: { groups: readonly GroupSummary[]; now: number }) {
  return (
    <CardList label="Your groups">
      {groups.map((group) => (
        <LinkRow key={group.id} to={groupPath(group.id)}>
          <Group gap="md" wrap="nowrap">
            <GroupAvatar name={group.name} avatar={group.avatar} hue={group.avatarHue} size={44} />
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Group gap="xs" wrap="nowrap">
                <Text fw={group.unreadCount > 0 ? 700 : 600} truncate>
                  {group.name}
                </Text>
                <Badge size="xs" variant="light" style={{ flex: 'none' }}>
                  {MODE_BADGE[group.mode]}
                </Badge>
                {group.membership !== 'member' && (
                  <Badge size="xs" variant="light" color={group.membership === 'removed' ? 'red' : 'gray'} style={{ flex: 'none' }}>
                    {group.membership === 'removed' ? 'Removed' : 'Left'}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {group.purpose || countLabel(group.memberCount, 'member')}
                {group.membership === 'member' && group.myRole && group.myRole !== 'member' && ` · ${ROLE_LABEL[group.myRole]}`}
              </Text>
            </Stack>
            <Stack gap={4} align="flex-end" style={{ flex: 'none' }}>
              <Text size="xs" c="dimmed">
                {formatListTime(group.lastActivityAt, now)}
              </Text>
              <Group gap={4} wrap="nowrap">
                {group.pendingRequests > 0 && (
                  <Badge size="sm" color="orange" variant="light">
                    {group.pendingRequests}
                    <VisuallyHidden> waiting to join</VisuallyHidden>
                  </Badge>
                )}
                {group.mentionCount > 0 && (
                  <Badge size="sm" color="yellow" variant="filled" c="dark">
                    @{badgeText(group.mentionCount)}
                    <VisuallyHidden> mentions</VisuallyHidden>
                  </Badge>
                )}
                <UnreadBadge count={group.unreadCount} />
              </Group>
            </Stack>
          </Group>
        </LinkRow>
      ))}
    </CardList>
  )
}
