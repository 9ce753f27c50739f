import { Alert, Anchor, Button, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { AlertIcon, ArrowRightIcon, CheckIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/PageHeader'
import { DidField } from '../identity/DidField'
import { PeopleCards } from './PeopleCards'

/** Who you are on PLANET, your people at a glance, and what to do next. No placeholders for features that do not exist yet. */
export function HomePage() {
  const identity = useApiQuery('identity.get', {})

  if (identity.isError) return <ErrorAlert error={identity.error} onRetry={() => void identity.refetch()} />
  if (identity.isPending) {
    return (
      <Stack maw={760} gap="lg" aria-busy="true" aria-label="Loading your identity">
        <Skeleton h={34} w="50%" />
        <Skeleton h={140} />
        <Skeleton h={180} />
      </Stack>
    )
  }

  const { profile, did, backupConfirmedAt } = identity.data
  return (
    <Stack maw={760} gap="lg">
      <PageHeader title={`Welcome, ${profile.displayName}`} description="Your identity lives in the encrypted vault on this device." />

      <PeopleCards />

      <Card withBorder radius="lg" padding="lg">
        <Stack gap="sm">
          <DidField did={did} />
          <Text size="sm" c="dimmed">
            This is your address on PLANET, derived from your keys. It is public: share it with people who want to reach you. Your keys themselves
            never leave this device.
          </Text>
        </Stack>
      </Card>

      <Card withBorder radius="lg" padding="lg">
        <Title order={2} fz="lg" mb="sm">
          Next steps
        </Title>
        {backupConfirmedAt === null ? (
          <Alert color="yellow" variant="light" icon={<AlertIcon />} title="Back up your recovery phrase" mb="md">
            <Text size="sm" mb="sm">
              If this device is lost or breaks, your 24-word recovery phrase is the only way to get your identity back. Check that you wrote it down.
            </Text>
            <Button component={Link} to={ROUTES.settings} size="xs" variant="white" color="yellow.9">
              Back up now
            </Button>
          </Alert>
        ) : (
          <Text size="sm" mb="md" c="teal" fw={500}>
            ✓ Recovery phrase backed up on {new Date(backupConfirmedAt).toLocaleDateString()}.
          </Text>
        )}
        <Stack gap="sm">
          <NextStep done={profile.bio.trim() !== ''}>
            {profile.bio.trim() !== '' ? 'Your profile has a bio' : 'Add a short bio so people recognise you'} —{' '}
            <Anchor component={Link} to={ROUTES.settings}>
              edit your profile
            </Anchor>
          </NextStep>
          <NextStep done={false}>
            Choose when PLANET locks itself while you are away —{' '}
            <Anchor component={Link} to={ROUTES.settings}>
              security settings
            </Anchor>
          </NextStep>
        </Stack>
      </Card>

      <Card withBorder radius="lg" padding="lg">
        <Title order={2} fz="lg" mb={6}>
          Coming next
        </Title>
        <Text size="sm" c="dimmed">
          Working and trading groups already share folders (their Folders tab). Their other tools arrive in an upcoming release: calendar,
          projects, contacts (CRM), accounting and payments.
        </Text>
      </Card>
    </Stack>
  )
}

/** One suggestion: a teal check once it is done, an arrow while it is open. */
function NextStep({ done, children }: { done: boolean; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="center">
      <ThemeIcon size={24} radius="xl" variant="light" color={done ? 'teal' : 'gray'} aria-hidden="true">
        {done ? <CheckIcon size={13} /> : <ArrowRightIcon size={13} />}
      </ThemeIcon>
      <Text size="sm">
        {children}
        {done && <VisuallyHidden> (done)</VisuallyHidden>}
      </Text>
    </Group>
  )
}

