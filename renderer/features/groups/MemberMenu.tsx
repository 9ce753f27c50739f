import { ActionIcon, Menu } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import type { GroupRole } from '../../../shared/domain/groups'
import { DotsIcon } from '../../ui/icons'
import { ROLE_LABEL } from './group-labels'
import type { MemberActions } from './member-actions'
import { MUTE_OPTIONS } from './member-actions'

type Member = MethodOutput<'groups.listMembers'>[number]

export interface MemberMenuHandlers {
  onSetRole: (member: Member, role: GroupRole) => void
  onTransfer: (member: Member) => void
  onMute: (member: Member, minutes: number) => void
  onRemove: (member: Member) => void
}

/** "Actions for <name>": only what my role allows on theirs (memberActions). Remove and transfer ask first. */
export function MemberMenu({ member, actions, muted, handlers }: { member: Member; actions: MemberActions; muted: boolean; handlers: MemberMenuHandlers }) {
  return (
    <Menu position="bottom-end" shadow="md" width={220}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${member.name}`}>
          <DotsIcon size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.roles.length > 0 && <Menu.Label>Role</Menu.Label>}
        {actions.roles.map((role) => (
          <Menu.Item key={role} onClick={() => handlers.onSetRole(member, role)}>
            Make {ROLE_LABEL[role].toLowerCase()}
          </Menu.Item>
        ))}
        {actions.transfer && <Menu.Item onClick={() => handlers.onTransfer(member)}>Transfer ownership</Menu.Item>}
        {actions.mute && (
          <>
            <Menu.Divider />
            <Menu.Label>Posting</Menu.Label>
            {MUTE_OPTIONS.map((option) => (
              <Menu.Item key={option.minutes} onClick={() => handlers.onMute(member, option.minutes)}>
                {option.label}
              </Menu.Item>
            ))}
            {muted && <Menu.Item onClick={() => handlers.onMute(member, 0)}>Unmute</Menu.Item>}
          </>
        )}
        {actions.remove && (
          <>
            <Menu.Divider />
            <Menu.Item color="red" onClick={() => handlers.onRemove(member)}>
              Remove from group
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}
