import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Text, VisuallyHidden } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useQueryClient } from '@tanstack/react-query'
import { Link, Outlet, useLocation } from 'react-router'
import { ErrorAlert } from '../ui/ErrorAlert'
import { useActivityReporter } from '../api/activity'
import { useApiMutation, useApiQuery } from '../api/hooks'
import { markVaultLocked } from '../api/vault-cache'
import { AlertsBell } from '../features/alerts/AlertsBell'
import { DocumentTitle } from '../features/alerts/DocumentTitle'
import { badgeText } from '../features/alerts/document-title'
import { directOnly } from '../features/chats/direct-conversations'
import { groupsUnread } from '../features/groups/group-counts'
import { NetworkStatusLine } from '../features/network/NetworkStatusLine'
import { ChatIcon, FeedIcon, FolderIcon, GroupsIcon, HomeIcon, LockIcon, SettingsIcon, UserPlusIcon, UsersIcon } from '../ui/icons'
import { PlanetLogo } from '../ui/PlanetLogo'
import { ROUTES } from './vault-routes'

/** Only areas that work today. Shared folders join this list when they ship. */
const NAVIGATION = [
  { to: ROUTES.home, label: 'Home', icon: HomeIcon },
  { to: ROUTES.chats, label: 'Chats', icon: ChatIcon },
  { to: ROUTES.groups, label: 'Groups', icon: GroupsIcon },
  { to: ROUTES.feeds, label: 'Feeds', icon: FeedIcon },
  { to: ROUTES.docs, label: 'Docs', icon: FolderIcon },
  { to: ROUTES.contacts, label: 'Contacts', icon: UsersIcon },
  { to: ROUTES.invites, label: 'Invites', icon: UserPlusIcon },
  { to: ROUTES.settings, label: 'Settings', icon: SettingsIcon },
] as const

/** A section is active on its own page and on the pages below it (/chats/<id> is in Chats). */
function isActive(pathname: string, to: string): boolean {
  return pathname === to || (to !== ROUTES.home && pathname.startsWith(`${to}/`))
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false)
  const location = useLocation()
  const queryClient = useQueryClient()
  const identity = useApiQuery('identity.get', {})
  const conversations = useApiQuery('chats.listConversations', {}, { select: directOnly })
  const unreadMessages = conversations.data?.reduce((sum, conversation) => sum + conversation.unreadCount, 0) ?? 0
  const groups = useApiQuery('groups.list', {})
  const unreadInGroups = groups.data ? groupsUnread(groups.data) : 0
  const lock = useApiMutation('vault.lock', { invalidate: false, onSuccess: () => markVaultLocked(queryClient) })
  useActivityReporter()

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <DocumentTitle />
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
            <AlertsBell />
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
            const active = isActive(location.pathname, to)
            const unread = to === ROUTES.chats ? unreadMessages : to === ROUTES.groups ? unreadInGroups : 0
            return (
              <NavLink
                key={to}
                component={Link}
                to={to}
                label={label}
                leftSection={<Icon size={18} />}
                rightSection={
                  unread > 0 ? (
                    <Badge size="sm" color="red" circle={unread < 10}>
                      {badgeText(unread)}
                      <VisuallyHidden> unread</VisuallyHidden>
                    </Badge>
                  ) : null
                }
                active={active}
                aria-current={location.pathname === to ? 'page' : undefined}
                onClick={close}
                variant="light"
                mb={4}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
            )
          })}
        </AppShell.Section>
        <AppShell.Section>
          <NetworkStatusLine />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--mantine-color-gray-light)">
        {lock.isError && <ErrorAlert error={lock.error} />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}
