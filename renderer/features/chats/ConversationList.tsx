import { Anchor, Box, EmptyState, Group, ScrollArea, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiQuery } from '../../api/hooks'
import { chatPath, ROUTES } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatListTime } from '../../ui/format-time'
import { ChatIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { ContactAvatar } from '../contacts/ContactAvatar'
import { PresenceDot } from '../contacts/PresenceDot'
import { directOnly } from './direct-conversations'
import { conversationPreview } from './excerpt'
import { UnreadBadge } from './UnreadBadge'

type Conversation = MethodOutput<'chats.listConversations'>[number]

/** chats.listConversations, most recent first: who, online, the last message, when, and how many are unread. */
export function ConversationList({ activeId }: { activeId: string | null }) {
  const conversations = useApiQuery('chats.listConversations', {}, { select: directOnly })
  const contacts = useApiQuery('contacts.list', {})
  const now = useNow(60_000)

  if (conversations.isError) {
    return (
      <Box p="sm">
        <ErrorAlert error={conversations.error} onRetry={() => void conversations.refetch()} />
      </Box>
    )
  }
  if (conversations.isPending) {
    return (
      <Stack gap="xs" p="sm" aria-busy="true" aria-label="Loading conversations">
        <Skeleton h={56} />
        <Skeleton h={56} />
        <Skeleton h={56} />
      </Stack>
    )
  }
  if (conversations.data.length === 0) {
    return (
      <EmptyState
        p="lg"
        size="sm"
        icon={<ChatIcon size={22} />}
        variant="light"
        title="No conversations yet"
        description={
          <>
            A conversation starts when someone accepts your invite, or you accept theirs.{' '}
            <Anchor component={Link} to={ROUTES.invites} inherit>
              Invite someone
            </Anchor>
          </>
        }
      />
    )
  }

  const hueOf = (conversation: Conversation) => contacts.data?.find((contact) => contact.id === conversation.contactId)?.avatarHue ?? hueFromId(conversation.id)
  return (
    <ScrollArea style={{ flex: 1 }} type="auto">
      <Stack component="ul" gap={2} p={6} m={0} style={{ listStyle: 'none' }} aria-label="Conversations">
        {conversations.data.map((conversation) => {
          const active = conversation.id === activeId
          return (
            <li key={conversation.id}>
              <UnstyledButton
                component={Link}
                to={chatPath(conversation.id)}
                aria-current={active ? 'page' : undefined}
                className="planet-conversation-row"
                data-active={active || undefined}
                w="100%"
                px="sm"
                py={8}
              >
                <Group gap="sm" wrap="nowrap">
                  <Box pos="relative" style={{ flex: 'none' }}>
                    <ContactAvatar name={conversation.title} hue={hueOf(conversation)} size={40} />
                    <Box pos="absolute" bottom={0} right={0} lh={0}>
                      <PresenceDot online={conversation.online} />
                    </Box>
                  </Box>
                  <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                    <Group gap="xs" justify="space-between" wrap="nowrap">
                      <Text size="sm" fw={conversation.unreadCount > 0 ? 700 : 600} truncate>
                        {conversation.title}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                        {formatListTime(conversation.lastMessage?.createdAt ?? conversation.lastActivityAt, now)}
                      </Text>
                    </Group>
                    <Group gap="xs" justify="space-between" wrap="nowrap">
                      <Text size="xs" c="dimmed" truncate fs={conversation.ready ? undefined : 'italic'}>
                        {conversation.ready ? conversationPreview(conversation.lastMessage) : 'Not ready yet — waiting for them to connect'}
                      </Text>
                      <UnreadBadge count={conversation.unreadCount} style={{ flex: 'none' }} />
                    </Group>
                  </Stack>
                </Group>
              </UnstyledButton>
            </li>
          )
        })}
      </Stack>
    </ScrollArea>
  )
}

/** A stable hue for a conversation whose contact is not loaded (yet). */
function hueFromId(id: string): number {
  return parseInt(id.slice(0, 4), 16) % 360
}
