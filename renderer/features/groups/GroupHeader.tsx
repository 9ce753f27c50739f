import { ActionIcon, Badge, Group, Stack, Text, Title, Tooltip } from '@mantine/core'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { ROUTES } from '../../app/vault-routes'
import { ArrowLeftIcon } from '../../ui/icons'
import { GroupAvatar } from './GroupAvatar'
import { countLabel, MODE_BADGE, myRoleText, VISIBILITY_BADGE, VISIBILITY_OPTIONS } from './group-labels'

type Group = MethodOutput<'groups.get'>

/** The group at a glance: picture, name (the page heading), purpose, mode, visibility, size and my role. */
export function GroupHeader({ group }: { group: Group }) {
  const role = myRoleText(group.membership === 'member' ? group.myRole : null)
  const visibilityHint = VISIBILITY_OPTIONS.find((option) => option.value === group.visibility)?.description
  return (
    <Group gap="md" px="md" py="sm" wrap="nowrap" align="flex-start" style={{ borderBottom: '1px solid var(--mantine-color-default-border)', flex: 'none' }}>
      <ActionIcon component={Link} to={ROUTES.groups} variant="subtle" color="gray" aria-label="Back to groups" mt={4}>
        <ArrowLeftIcon size={18} />
      </ActionIcon>
      <GroupAvatar name={group.name} avatar={group.avatar} hue={group.avatarHue} size={48} />
      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
        <Title order={1} fz="lg" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
          {group.name}
        </Title>
        {group.purpose && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {group.purpose}
          </Text>
        )}
        <Group gap={6}>
          <Badge size="sm" variant="light">
            {MODE_BADGE[group.mode]}
          </Badge>
          <Tooltip label={visibilityHint} withArrow disabled={!visibilityHint}>
            <Badge size="sm" variant="outline" color="gray">
              {VISIBILITY_BADGE[group.visibility]}
            </Badge>
          </Tooltip>
          <Text size="xs" c="dimmed">
            {countLabel(group.memberCount, 'member')}
            {role && ` · ${role}`}
          </Text>
        </Group>
      </Stack>
    </Group>
  )
}
