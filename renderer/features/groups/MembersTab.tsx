import { Stack } from '@mantine/core'
import { SectionCard } from '../../ui/SectionCard'
import { countLabel } from './group-labels'
import type { GroupTabProps } from './GroupTabPanel'
import { GroupLinks } from './GroupLinks'
import { InviteContactForm } from './InviteContactForm'
import { JoinRequestList } from './JoinRequestList'
import { MemberList } from './MemberList'

/** Members, and for admins the ways in: join requests first (someone is waiting), then direct invitations and group links. */
export function MembersTab({ group, permissions }: GroupTabProps) {
  return (
    <Stack gap="lg" maw={820}>
      {permissions.admin && (
        <SectionCard title="Join requests" description="People who asked to join with a group link.">
          <JoinRequestList groupId={group.id} />
        </SectionCard>
      )}
      <SectionCard title="Members" description={countLabel(group.memberCount, 'member')}>
        <MemberList group={group} />
      </SectionCard>
      {permissions.admin && (
        <>
          <SectionCard title="Invite a contact" description="The invitation reaches them in your direct conversation; they join when they accept it.">
            <InviteContactForm groupId={group.id} />
          </SectionCard>
          <SectionCard title="Group links" description="A link or code to send to people who are not your contacts.">
            <GroupLinks groupId={group.id} visibility={group.visibility} />
          </SectionCard>
        </>
      )}
    </Stack>
  )
}
