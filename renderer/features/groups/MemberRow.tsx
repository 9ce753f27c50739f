import { Badge, Box, Group, Paper, Stack, Text, Tooltip } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import type { GroupRole } from '../../../shared/domain/groups'
import { formatDateTime, formatRelativeTime } from '../../ui/format-time'
import { ContactAvatar } from '../contacts/ContactAvatar'
import { PresenceDot } from '../contacts/PresenceDot'
import { ROLE_COLOR, ROLE_LABEL } from './group-labels'
import { hasAnyAction, isMuted, memberActions } from './member-actions'
import type { MemberMenuHandlers } from './MemberMenu'
import { MemberMenu } from './MemberMenu'

type Member = MethodOutput<'groups.listMembers'>[number]

/** One member: who, role, whether their membership checks out, online, muted — and my actions on them. */
export function MemberRow({ member, myRole, now, handlers }: { member: Member; myRole: GroupRole | null; now: number; handlers: MemberMenuHandlers }) {
  const actions = memberActions(myRole, member)
  const muted = isMuted(member.mutedUntil, now)
  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm" aria-label={member.name}>
      <Group gap="md" wrap="nowrap">
        <Box pos="relative" style={{ flex: 'none' }}>
          <ContactAvatar name={member.name} hue={member.avatarHue} size={38} />
          <Box pos="absolute" bottom={0} right={0} lh={0}>
            <PresenceDot online={member.online} />
          </Box>
        </Box>
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="wrap">
            <Text fw={600} truncate>
              {member.name}
              {member.isMe && ' (you)'}
            </Text>
            <Badge size="sm" variant="light" color={ROLE_COLOR[member.role]}>
              {ROLE_LABEL[member.role]}
            </Badge>
            {member.verified ? (
              <Tooltip label="Their membership is signed by them and by the admin who added them." withArrow>
                <Badge size="sm" variant="outline" color="teal">
                  Verified
                </Badge>
              </Tooltip>
            ) : (
              <Tooltip label="This device could not check their membership signatures. Be careful with what you share until it does." withArrow>
                <Badge size="sm" variant="outline" color="red">
                  Not verified
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {member.online ? 'Online' : 'Offline'} · joined {formatRelativeTime(member.joinedAt, now)}
            {muted && member.mutedUntil !== null && ` · Muted until ${formatDateTime(member.mutedUntil)}`}
          </Text>
        </Stack>
        {hasAnyAction(actions) && <MemberMenu member={member} actions={actions} muted={muted} handlers={handlers} />}
      </Group>
    </Paper>
  )
}
