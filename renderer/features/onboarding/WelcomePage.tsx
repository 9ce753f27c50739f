import { Button, List, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { useNavigate } from 'react-router'
import { CREATE_WITH_INVITE, ROUTES } from '../../app/vault-routes'
import { CenteredPage } from '../../ui/CenteredPage'
import { KeyIcon, ShieldIcon, UserPlusIcon, UsersIcon } from '../../ui/icons'

/** First run: what PLANET is, and the three ways in (new, invited, restoring). */
export function WelcomePage() {
  const navigate = useNavigate()
  return (
    <CenteredPage>
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={1} fz={28}>
            Welcome to PLANET
          </Title>
          <Text c="dimmed">
            A personal network you own: your identity, contacts, groups and files live in an encrypted vault on this device and travel directly to
            the people you choose — no company server in between.
          </Text>
        </Stack>

        <List spacing="sm" center>
          <List.Item
            icon={
              <ThemeIcon variant="light" radius="xl" size={30}>
                <KeyIcon />
              </ThemeIcon>
            }
          >
            <Text size="sm">Your keys are made here and never leave this device.</Text>
          </List.Item>
          <List.Item
            icon={
              <ThemeIcon variant="light" radius="xl" size={30}>
                <ShieldIcon />
              </ThemeIcon>
            }
          >
            <Text size="sm">A passphrase encrypts the vault; a 24-word recovery phrase brings your identity back on a new device.</Text>
          </List.Item>
          <List.Item
            icon={
              <ThemeIcon variant="light" radius="xl" size={30}>
                <UsersIcon />
              </ThemeIcon>
            }
          >
            <Text size="sm">No account, no ads, no tracking. Nobody can lock you out.</Text>
          </List.Item>
        </List>

        <Stack gap="sm">
          <Button size="md" onClick={() => navigate(ROUTES.create)}>
            Create my identity
          </Button>
          <Button size="md" variant="light" leftSection={<UserPlusIcon size={18} />} onClick={() => navigate(CREATE_WITH_INVITE)}>
            I have an invite
          </Button>
          <Button size="md" variant="default" onClick={() => navigate(ROUTES.restore)}>
            Restore from recovery phrase
          </Button>
        </Stack>
      </Stack>
    </CenteredPage>
  )
}
