import { Button, Center, Drawer, Loader, Stack, Text } from '@mantine/core'
import { useMemo } from 'react'
import { useApiPagedQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { MESSAGES_PAGE } from '../chats/chat-cache'
import type { MessageActionHandlers } from '../chats/MessageActions'
import { MessageItem } from '../chats/MessageItem'
import { flattenPages } from '../chats/messages-cache'

/**
 * "Pinned messages": the chat's pinned messages (chats.listMessages with
 * pinnedOnly), newest pin last like the chat, with the same actions — a
 * moderator unpins from here. Loaded only while the drawer is open.
 */
export function PinnedDrawer({
  opened,
  onClose,
  groupId,
  handlers,
  canPin,
}: {
  opened: boolean
  onClose: () => void
  groupId: string
  handlers: MessageActionHandlers
  canPin: boolean
}) {
  // Replying happens in the chat's composer: close the drawer so it can take the focus.
  const { onReply } = handlers
  const drawerHandlers = useMemo<MessageActionHandlers>(
    () => ({
      ...handlers,
      onReply: onReply
        ? (message) => {
            onClose()
            onReply(message)
          }
        : undefined,
    }),
    [handlers, onReply, onClose],
  )
  return (
    <Drawer opened={opened} onClose={onClose} title="Pinned messages" position="right" size="md">
      {opened && <PinnedList groupId={groupId} handlers={drawerHandlers} canPin={canPin} />}
    </Drawer>
  )
}

function PinnedList({ groupId, handlers, canPin }: { groupId: string; handlers: MessageActionHandlers; canPin: boolean }) {
  const input = { conversationId: groupId, channel: 'chat', pinnedOnly: true, limit: MESSAGES_PAGE } as const
  const pages = useApiPagedQuery('chats.listMessages', input, {
    initialPageParam: undefined as number | undefined,
    pageInput: (before) => (before === undefined ? input : { ...input, before }),
    getNextPageParam: (last) => (last.hasMore && last.messages.length > 0 ? last.messages[0]!.position : undefined),
  })
  const messages = useMemo(() => (pages.data ? flattenPages(pages.data.pages) : []), [pages.data])

  if (pages.isError) return <ErrorAlert error={pages.error} onRetry={() => void pages.refetch()} />
  if (pages.isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label="Loading pinned messages" />
      </Center>
    )
  }
  if (messages.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing is pinned yet. {canPin ? 'Pin a message from its “Message actions” menu' : 'Moderators pin messages'} so everyone can find it again.
      </Text>
    )
  }
  return (
    <Stack gap={0} role="list" aria-label="Pinned messages">
      {pages.hasNextPage && (
        <Center mb="sm">
          <Button size="xs" variant="default" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            Load earlier pins
          </Button>
        </Center>
      )}
      {messages.map((message) => (
        <div role="listitem" key={message.id}>
          <MessageItem message={message} showAuthor handlers={handlers} />
        </div>
      ))}
    </Stack>
  )
}
