import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useQueryClient } from '@tanstack/react-query'
import { Link, Outlet, useLocation } from 'react-router'
import { ErrorAlert } from '../ui/ErrorAlert'
import { useActivityReporter } from '../api/activity'
import { useApiMutation, useApiQuery } from '../api/hooks'
import { markVaultLocked } from '../api/vault-cache'
import { HomeIcon, LockIcon, SettingsIcon } from '../ui/icons'
import { PlanetLogo } from '../ui/PlanetLogo'
import { ROUTES } from './vault-routes'

/** Only areas that work today. Contacts, chats, groups and files join this list when they ship. */
const NAVIGATION = [
  { to: ROUTES.home, label: 'Home', icon: HomeIcon },
  { to: ROUTES.settings, label: 'Settings', icon: SettingsIcon },
] as const

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false)
  const location = useLocation()
  const queryClient = useQueryClient()
  const identity = useApiQuery('identity.get', {})
  const lock = useApiMutation('vault.lock', { invalidate: false, onSuccess: () => markVaultLocked(queryClient) })
  useActivityReporter()

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <PlanetLogo size={26} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            {identity.data && (
              <Text size="sm" c="dimmed" visibleFrom="xs" truncate maw={220}>
                {identity.data.profile.displayName}
              </Text>
            )}
            <Button
              variant="default"
              size="sm"
              leftSection={<LockIcon size={15} />}
              aria-label="Lock PLANET"
              loading={lock.isPending}
              onClick={() => lock.mutate({})}
            >
              Lock
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" component="nav" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          {NAVIGATION.map(({ to, label, icon: Icon }) => {
            const active = location.pathname === to
            return (
              <NavLink
                key={to}
                component={Link}
                to={to}
                label={label}
                leftSection={<Icon size={18} />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={close}
                variant="light"
                mb={4}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
            )
          })}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py="xs">
            Contacts, chats and groups arrive in upcoming releases.
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--mantine-color-gray-light)">
        {lock.isError && <ErrorAlert error={lock.error} />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}
