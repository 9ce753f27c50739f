import { Anchor, Stack } from '@mantine/core'
import { Link } from 'react-router'
import { ROUTES } from '../../app/vault-routes'
import { PageHeader } from '../../ui/PageHeader'
import { SectionCard } from '../../ui/SectionCard'
import { CreateGroupForm } from './CreateGroupForm'

/** /groups/new: make a group; you become its owner and first admin. */
export function NewGroupPage() {
  return (
    <Stack maw={760} gap="lg">
      <PageHeader
        back={
          <Anchor component={Link} to={ROUTES.groups} size="sm">
            ← Back to groups
          </Anchor>
        }
        title="New group"
        description="You become its owner. What members write is encrypted: only their devices can read it."
      />
      <SectionCard title="About the group" description="Members see this. Admins can change it later in the group’s Settings.">
        <CreateGroupForm />
      </SectionCard>
    </Stack>
  )
}
