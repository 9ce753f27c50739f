import { ActionIcon, Alert, Anchor, Box, Group, Skeleton, Stack, Text, Title } from '@mantine/core'
import { useCallback, useMemo, useRef, useState } from 'react'
import { Link, useParams } from 'react-router'
import { RpcError } from '../../../shared/rpc/errors'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { contactPath, ROUTES, validId } from '../../app/vault-routes'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { ArrowLeftIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { ContactAvatar } from '../contacts/ContactAvatar'
import { PresenceDot } from '../contacts/PresenceDot'
import { presenceText } from '../contacts/contact-format'
import { AttachmentProgressProvider } from './AttachmentProgress'
import type { Conversation, Message } from './chat-cache'
import { useChatCache } from './chat-cache'
import { Composer } from './Composer'
import type { MessageActionHandlers } from './MessageActions'
import { MessageList } from './MessageList'

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
  return <ConversationView conversation={conversation.data} />
}

function ConversationView({ conversation }: { conversation: Conversation }) {
  const contacts = useApiQuery('contacts.list', {})
  const contact = contacts.data?.find((item) => item.id === conversation.contactId)
  const blocked = contact?.status === 'blocked'
  const now = useNow(60_000)
  const { putMessage, refresh } = useChatCache(conversation.id)
  const textareaRef = useRef<HTMLTextAreaElement>(null)
  const [replyTo, setReplyTo] = useState<Message | null>(null)
  const [editing, setEditing] = useState<Message | null>(null)
  const [deleting, setDeleting] = useState<Message | null>(null)

  const react = useApiMutation('chats.react', { invalidate: false, onSuccess: putMessage })
  const remove = useApiMutation('chats.deleteMessage', {
    invalidate: false,
    onSuccess: (message) => {
      putMessage(message)
      refresh()
      setDeleting(null)
    },
  })

  const focusComposer = useCallback(() => window.setTimeout(() => textareaRef.current?.focus(), 0), [])
  const { mutate: reactMutate } = react
  const handlers = useMemo<MessageActionHandlers>(
    () => ({
      onReply: (message) => {
        setEditing(null)
        setReplyTo(message)
        focusComposer()
      },
      onReact: (message, emoji, on) => reactMutate({ conversationId: message.conversationId, messageId: message.id, emoji, on }),
      onEdit: (message) => {
        setReplyTo(null)
        setEditing(message)
        focusComposer()
      },
      onDelete: (message) => setDeleting(message),
    }),
    [focusComposer, reactMutate],
  )

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
        {react.error && (
          <Box px="md">
            <ErrorAlert error={react.error} />
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
          <Composer
            conversationId={conversation.id}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            editing={editing}
            onCancelEdit={() => setEditing(null)}
            textareaRef={textareaRef}
            notReady={!conversation.ready}
          />
        )}
      </Stack>

      <ConfirmModal
        opened={deleting !== null}
        onClose={() => {
          setDeleting(null)
          remove.reset()
        }}
        title="Delete this message?"
        confirmLabel="Delete message"
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ conversationId: conversation.id, messageId: deleting.id })}
      >
        It is deleted for everyone in this conversation. They will see “This message was deleted”.
      </ConfirmModal>
    </AttachmentProgressProvider>
  )
}
