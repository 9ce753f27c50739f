import { ActionIcon, Alert, Anchor, Box, Group, Skeleton, Stack, Text, Title } from '@mantine/core'
import { Link, Navigate, useParams } from 'react-router'
import { RpcError } from '../../../shared/rpc/errors'
import { useApiQuery } from '../../api/hooks'
import { contactPath, groupPath, ROUTES, validId } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { ArrowLeftIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { ContactAvatar } from '../contacts/ContactAvatar'
import { PresenceDot } from '../contacts/PresenceDot'
import { presenceText } from '../contacts/contact-format'
import { AttachmentProgressProvider } from './AttachmentProgress'
import type { Conversation } from './chat-cache'
import { useChatCache } from './chat-cache'
import { Composer } from './Composer'
import { DeleteMessageModal } from './DeleteMessageModal'
import { MessageList } from './MessageList'
import { useMessageActions } from './use-message-actions'

/** /chats/:conversationId — keyed by the id, so switching conversations starts with a fresh composer. */
export function ConversationRoute() {
  const params = useParams()
  const id = validId(params.conversationId)
  if (id === null) {
    return (
      <Box p="md">
        <ErrorAlert error={new RpcError('CONVERSATION_NOT_FOUND', '')} />
      </Box>
    )
  }
  return <ConversationLoader key={id} conversationId={id} />
}

function ConversationLoader({ conversationId }: { conversationId: string }) {
  const conversation = useApiQuery('chats.getConversation', { conversationId })
  if (conversation.isError) {
    return (
      <Box p="md">
        <ErrorAlert error={conversation.error} onRetry={() => void conversation.refetch()} />
      </Box>
    )
  }
  if (conversation.isPending) {
    return (
      <Stack p="md" gap="md" style={{ flex: 1 }} aria-busy="true" aria-label="Loading conversation">
        <Skeleton h={40} w="40%" />
        <Skeleton h={60} w="60%" />
        <Skeleton h={60} w="50%" ml="auto" />
      </Stack>
    )
  }
  // A group's chat is a conversation too; it lives on the group's page, with its members and tabs.
  if (conversation.data.kind === 'group') return <Navigate to={groupPath(conversation.data.id)} replace />
  return <ConversationView conversation={conversation.data} />
}

function ConversationView({ conversation }: { conversation: Conversation }) {
  const contacts = useApiQuery('contacts.list', {})
  const contact = contacts.data?.find((item) => item.id === conversation.contactId)
  const blocked = contact?.status === 'blocked'
  const now = useNow(60_000)
  const { refresh } = useChatCache(conversation.id)
  const { handlers, composer, actionError, deletion } = useMessageActions(conversation.id)

  return (
    <AttachmentProgressProvider conversationId={conversation.id} onComplete={refresh}>
      <Stack gap={0} style={{ flex: 1, minHeight: 0, minWidth: 0 }}>
        <Group gap="sm" px="md" py="sm" wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <ActionIcon component={Link} to={ROUTES.chats} variant="subtle" color="gray" hiddenFrom="sm" aria-label="Back to conversations">
            <ArrowLeftIcon size={18} />
          </ActionIcon>
          <ContactAvatar name={conversation.title} hue={contact?.avatarHue ?? 230} size={38} />
          <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
            <Title order={2} fz="md" lineClamp={1} style={{ wordBreak: 'break-all' }}>
              {conversation.title}
            </Title>
            <Group gap={6} wrap="nowrap">
              <PresenceDot online={conversation.online} size={8} />
              <Text size="xs" c="dimmed" truncate>
                {contact ? presenceText(contact, now) : conversation.online ? 'Online' : 'Offline'}
              </Text>
            </Group>
          </Stack>
          {conversation.contactId && (
            <Anchor component={Link} to={contactPath(conversation.contactId)} size="sm" style={{ flex: 'none' }}>
              View contact
            </Anchor>
          )}
        </Group>

        {!conversation.ready && (
          <Alert color="yellow" variant="light" radius={0} title="Not ready yet">
            {conversation.title}’s PLANET still has to confirm the connection. This happens by itself while you are both online; you can write as
            soon as it is done.
          </Alert>
        )}

        <MessageList conversation={conversation} handlers={handlers} />
        {actionError && (
          <Box px="md">
            <ErrorAlert error={actionError} />
          </Box>
        )}

        {blocked ? (
          <Alert color="red" variant="light" radius={0} title={`You blocked ${conversation.title}`}>
            Their messages are hidden and nothing you write reaches them.{' '}
            {contact && (
              <Anchor component={Link} to={contactPath(contact.id)} inherit>
                Unblock them on their contact page
              </Anchor>
            )}
          </Alert>
        ) : (
<Composer conversationId={conversation.id} {...composer} notReady={!conversation.ready} />
        )}
      </Stack>

      <DeleteMessageModal deletion={deletion} />
    </AttachmentProgressProvider>
  )
}
