import { Stack, Text } from '@mantine/core'
import { SectionCard } from '../../ui/SectionCard'
import { ForgetGroupButton } from './ForgetGroupButton'
import { GroupModeForm } from './GroupModeForm'
import { GroupRelays } from './GroupRelays'
import { GroupProfileForm } from './GroupProfileForm'
import type { GroupTabProps } from './GroupTabPanel'
import { LeaveGroupButton } from './LeaveGroupButton'

/** Admins edit the profile, mode and visibility; everyone can read about the group and leave it (or forget it once out). */
export function GroupSettingsTab({ group, permissions }: GroupTabProps) {
  return (
    <Stack gap="lg" maw={820}>
      {permissions.admin ? (
        <>
          <SectionCard title="Profile" description="What members see about the group.">
            <GroupProfileForm group={group} />
          </SectionCard>
          <SectionCard title="Mode and visibility" description="Which tools the group has, and how people get in.">
            <GroupModeForm group={group} />
          </SectionCard>
        </>
      ) : (
        <SectionCard title="About this group" description="Only admins can change this.">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={group.description ? undefined : 'dimmed'}>
            {group.description || 'The admins have not written a description.'}
          </Text>
        </SectionCard>
      )}
      {permissions.member && (
        <SectionCard title="Relays" description="Always-on computers that keep the group’s encrypted data available while members are apart. They cannot read it.">
          <GroupRelays groupId={group.id} admin={permissions.admin} />
        </SectionCard>
      )}
      {permissions.member ? (
        <SectionCard title="Leave the group" description="You stop receiving its messages.">
          <LeaveGroupButton groupId={group.id} name={group.name} owner={permissions.owner} />
        </SectionCard>
      ) : (
        <SectionCard title="Forget the group" description="You are no longer a member. Forgetting deletes its history from this device.">
          <ForgetGroupButton groupId={group.id} name={group.name} />
        </SectionCard>
      )}
    </Stack>
  )
}
