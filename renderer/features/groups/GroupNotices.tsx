import { Alert, Anchor, Group, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { groupPath } from '../../app/vault-routes'
import { formatDateTime } from '../../ui/format-time'
import { AlertIcon } from '../../ui/icons'
import { ForgetGroupButton } from './ForgetGroupButton'
import type { GroupPermissions } from './group-permissions'

type Group = MethodOutput<'groups.get'>

/**
 * What needs attention before anything else on a group's page: that I am no
 * longer in it, that its order depends on my single admin device, that my
 * device is not a writer yet, or that I am muted.
 */
export function GroupNotices({ group, permissions }: { group: Group; permissions: GroupPermissions }) {
  if (group.membership !== 'member') {
    const removed = group.membership === 'removed'
    return (
      <Alert
        color={removed ? 'red' : 'gray'}
        variant="light"
        radius={0}
        title={removed ? 'You were removed from this group' : 'You left this group'}
        style={{ flex: 'none' }}
      >
        <Text size="sm">
          You can still read what reached this device while you were a member. Nothing written since then reaches you, and you cannot write here.
          An admin can invite you again.
        </Text>
        <Group mt="xs">
          <ForgetGroupButton groupId={group.id} name={group.name} variant="white" />
        </Group>
      </Alert>
    )
  }
  return (
    <>
      {group.singleAdmin && permissions.admin && (
        <Alert color="yellow" variant="light" radius={0} icon={<AlertIcon />} title="Add a second admin" style={{ flex: 'none' }}>
          <Text size="sm">
            The group’s order settles only while most of its admins are online, and you are the only one: everything waits for your device.{' '}
            {group.memberCount > 1 ? (
              <>
                Make a member you trust an admin in{' '}
                <Anchor component={Link} to={groupPath(group.id, 'members')} inherit>
                  Members
                </Anchor>
                .
              </>
            ) : (
              'Once someone you trust has joined, make them an admin too.'
            )}
          </Text>
        </Alert>
      )}
      {!group.ready && (
        <Alert color="blue" variant="light" radius={0} title="Joining…" style={{ flex: 'none' }}>
          <Text size="sm">
            PLANET is still setting up your access to this group. It finishes by itself the first time you and an admin are online together;
            you can read now, and write once it is done.
          </Text>
        </Alert>
      )}
      {permissions.muted && group.mutedUntil !== null && (
        <Alert color="orange" variant="light" radius={0} title={`You are muted until ${formatDateTime(group.mutedUntil)}`} style={{ flex: 'none' }}>
          <Text size="sm">A moderator muted you. You can read everything; you can write again when the mute ends.</Text>
        </Alert>
      )}
    </>
  )
}
