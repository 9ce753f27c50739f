import { Anchor, Box, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core'
import type { ReactNode } from 'react'
import { useId } from 'react'
import { Link } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { ChatIcon, GlobeIcon, GroupsIcon, UserPlusIcon, UsersIcon } from '../../ui/icons'
import { directOnly } from '../chats/direct-conversations'
import { groupCounts } from '../groups/group-counts'
import { describeNetwork } from '../network/network-status'

/** Small cards: unread messages, groups, contacts, pending invites, the network — each with the next step. */
export function PeopleCards() {
  const conversations = useApiQuery('chats.listConversations', {}, { select: directOnly })
  const contacts = useApiQuery('contacts.list', {})
  const invites = useApiQuery('invites.list', {})
  const network = useApiQuery('network.getStatus', {})
  const groups = useApiQuery('groups.list', {})
  const groupInvitations = useApiQuery('groups.listInvitations', {})

  const failed = (query: { isError: boolean }) => query.isError
  const unread = conversations.data?.reduce((sum, conversation) => sum + conversation.unreadCount, 0)
  const unreadIn = conversations.data?.filter((conversation) => conversation.unreadCount > 0).length ?? 0
  const online = contacts.data?.filter((contact) => contact.online && contact.status !== 'blocked').length ?? 0
  const pending = invites.data?.filter((invite) => invite.status === 'pending' && invite.expiresAt > Date.now()).length
  const net = network.data ? describeNetwork(network.data) : null
  const inGroups = groups.data ? groupCounts(groups.data) : undefined
  const invitationsWaiting = groupInvitations.data?.filter((invitation) => invitation.status === 'pending').length ?? 0

  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
      <StatCard
        title="Unread messages"
        icon={<ChatIcon size={18} />}
        value={failed(conversations) ? '—' : unread}
        detail={
          conversations.data === undefined
            ? ''
            : conversations.data.length === 0
              ? 'No conversations yet.'
              : unread === 0
                ? 'You are all caught up.'
                : `In ${unreadIn} ${unreadIn === 1 ? 'conversation' : 'conversations'}.`
        }
        action={conversations.data?.length === 0 ? { label: 'Start one with an invite', to: ROUTES.invites } : { label: 'Open chats', to: ROUTES.chats }}
      />
      <StatCard
        title="Groups"
        icon={<GroupsIcon size={18} />}
        value={failed(groups) ? '—' : inGroups?.member}
        detail={inGroups === undefined ? '' : groupsDetail(inGroups, invitationsWaiting)}
        action={
          invitationsWaiting > 0 || (inGroups?.member ?? 0) > 0
            ? { label: invitationsWaiting > 0 ? 'Answer invitations' : 'Open groups', to: ROUTES.groups }
            : { label: 'Create a group', to: ROUTES.newGroup }
        }
      />
      <StatCard
        title="Contacts"
        icon={<UsersIcon size={18} />}
        value={failed(contacts) ? '—' : contacts.data?.length}
        detail={contacts.data === undefined ? '' : contacts.data.length === 0 ? 'Nobody yet: PLANET connects people by invite.' : `${online} online now.`}
        action={contacts.data?.length === 0 ? { label: 'Invite someone', to: ROUTES.invites } : { label: 'View contacts', to: ROUTES.contacts }}
      />
      <StatCard
        title="Pending invites"
        icon={<UserPlusIcon size={18} />}
        value={failed(invites) ? '—' : pending}
        detail={pending === undefined ? '' : pending === 0 ? 'No invite is waiting to be accepted.' : 'Keep PLANET open so they can be accepted.'}
        action={{ label: pending === 0 ? 'Create an invite' : 'Manage invites', to: ROUTES.invites }}
      />
      <StatCard
        title="Network"
        icon={<GlobeIcon size={18} />}
        color={net?.online ? 'teal' : 'gray'}
        value={failed(network) ? '—' : net ? net.label : undefined}
        detail={net ? `${net.connections}. ${net.detail}` : ''}
      />
    </SimpleGrid>
  )
}

/** The Groups card's line: what waits for me first (invitations, join requests), then unread, then "caught up". */
function groupsDetail(counts: { member: number; withUnread: number; requests: number }, invitations: number): string {
  if (invitations > 0) return `${invitations} ${invitations === 1 ? 'invitation waits' : 'invitations wait'} for your answer.`
  if (counts.requests > 0) return `${counts.requests} ${counts.requests === 1 ? 'person asks' : 'people ask'} to join.`
  if (counts.member === 0) return 'None yet: create one, or join with a link.'
  if (counts.withUnread > 0) return `Unread messages in ${counts.withUnread} ${counts.withUnread === 1 ? 'group' : 'groups'}.`
  return 'You are all caught up.'
}

interface StatCardProps {
  title: string
  icon: ReactNode
  value: number | string | undefined
  detail: string
  action?: { label: string; to: string }
  color?: string
}

function StatCard({ title, icon, value, detail, action, color = 'indigo' }: StatCardProps) {
  const titleId = useId()
  return (
    <Card withBorder radius="lg" padding="md" component="section" aria-labelledby={titleId}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" radius="xl" size={34} color={color} aria-hidden="true">
          {icon}
        </ThemeIcon>
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" c="dimmed" fw={500} id={titleId} component="h2" m={0}>
            {title}
          </Text>
          {value === undefined ? (
            <Skeleton h={26} w={60} />
          ) : (
            <Text fw={700} fz={typeof value === 'number' ? 26 : 'md'} lh={1.3}>
              {value}
            </Text>
          )}
          {detail && (
            <Text size="xs" c="dimmed">
              {detail}
            </Text>
          )}
          {action && (
            <Box mt={4}>
              <Anchor component={Link} to={action.to} size="sm">
                {action.label} <span aria-hidden="true">→</span>
              </Anchor>
            </Box>
          )}
        </Stack>
      </Group>
    </Card>
  )
}
