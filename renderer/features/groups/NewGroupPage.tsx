import { Anchor, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { ROUTES } from '../../app/vault-routes'
import { SectionCard } from '../../ui/SectionCard'
import { CreateGroupForm } from './CreateGroupForm'

/** /groups/new: make a group; you become its owner and first admin. */
export function NewGroupPage() {
  return (
    <Stack maw={760} gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to={ROUTES.groups} size="sm">
          ← Back to groups
        </Anchor>
        <Title order={1} fz={28}>
          New group
        </Title>
        <Text c="dimmed">
          You become its owner. What members write is encrypted: only their devices can read it.
        </Text>
      </Stack>
      <SectionCard title="About the group" description="Members see this. Admins can change it later in the group’s Settings.">
        <CreateGroupForm />
      </SectionCard>
    </Stack>
  )
}
