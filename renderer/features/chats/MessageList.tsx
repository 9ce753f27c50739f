import { Box, Button, Center, Divider, Loader, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { ChannelId } from '../../../shared/domain/groups'
import { useApiMutation, useApiPagedQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { useNow } from '../../ui/use-now'
import type { Conversation, Message } from './chat-cache'
import { MESSAGES_PAGE, useChatCache } from './chat-cache'
import type { MessageActionHandlers } from './MessageActions'
import { MessageItem } from './MessageItem'
import { dayHeading, startsRun } from './message-layout'
import { flattenPages } from './messages-cache'

/** Within this many pixels of the end counts as "at the bottom": new messages keep it there. */
const BOTTOM_SLACK = 80

/** What the list needs to know about its conversation; a group passes its id, name and unread count. */
export type ListedConversation = Pick<Conversation, 'id' | 'title' | 'unreadCount'>

export interface MessageListProps {
  conversation: ListedConversation
  handlers: MessageActionHandlers
  /** Groups: the chat (default), the announcements or a Discuss thread's id. */
  channel?: ChannelId
  /** What to show before the first message (default: the DM's "Say hello"). */
  empty?: ReactNode
  /** Mark the newest message read while the window has attention (off for Discuss threads, which have no unread count). */
  markRead?: boolean
  /** The log's accessible name. */
  label?: string
}

/**
 * The thread: pages of chats.listMessages (newest first, "Load earlier
 * messages" for more) in a role="log" region. It opens at the bottom, follows
 * new messages while the reader is at the bottom (or when they are mine), and
 * keeps the reading position when earlier messages are put above. While the
 * window has focus, the newest message is marked read (chats.markRead).
 */
export function MessageList({ conversation, handlers, channel = 'chat', empty, markRead = true, label = 'Messages' }: MessageListProps) {
  const conversationId = conversation.id
  const pages = useApiPagedQuery(
    'chats.listMessages',
    { conversationId, channel, limit: MESSAGES_PAGE },
    {
      initialPageParam: undefined as number | undefined,
      pageInput: (before) =>
        before === undefined ? { conversationId, channel, limit: MESSAGES_PAGE } : { conversationId, channel, before, limit: MESSAGES_PAGE },
      getNextPageParam: (last) => (last.hasMore && last.messages.length > 0 ? last.messages[0]!.position : undefined),
    },
  )
  const messages = useMemo(() => (pages.data ? flattenPages(pages.data.pages) : []), [pages.data])
  const newest = messages.at(-1)
  const pageError = pages.error
  const now = useNow(60_000)

  // Scrolling.
  const viewport = useRef<HTMLDivElement>(null)
  const content = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const keepFromBottom = useRef<number | null>(null)
  const lastNewest = useRef<string | undefined>(undefined)

  useLayoutEffect(() => {
    const element = viewport.current
    if (!element) return
    if (keepFromBottom.current !== null) {
      // Earlier messages went in above: stay on the message that was in view.
      element.scrollTop = element.scrollHeight - keepFromBottom.current
      keepFromBottom.current = null
    } else if (newest && newest.id !== lastNewest.current && (atBottom.current || newest.mine)) {
      element.scrollTop = element.scrollHeight
      atBottom.current = true
    }
    lastNewest.current = newest?.id
  }, [messages, newest])

  // Pictures and late layout change the height: stay at the bottom if the reader was there.
  useEffect(() => {
    const element = viewport.current
    const inner = content.current
    if (!element || !inner || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight
    })
    observer.observe(inner)
    return () => observer.disconnect()
  }, [])

  function loadEarlier() {
    const element = viewport.current
    if (element) keepFromBottom.current = element.scrollHeight - element.scrollTop
    void pages.fetchNextPage()
  }

  useMarkRead(conversation, markRead ? newest : undefined)

  return (
    <Box
      ref={viewport}
      role="log"
      aria-label={label}
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK
      }}
      style={{ flex: 1, overflowY: 'auto', minHeight: 0 }}
      px="md"
      py="sm"
    >
      <Box ref={content}>
        {pages.isError ? (
          <ErrorAlert error={pages.error} onRetry={() => void pages.refetch()} />
        ) : pages.isPending ? (
          <Center py="xl">
            <Loader size="sm" aria-label="Loading messages" />
          </Center>
        ) : messages.length === 0 ? (
          (empty ?? <SayHello title={conversation.title} />)
        ) : (
          <>
            {pages.hasNextPage && (
              <Center mb="sm">
                <Button size="xs" variant="default" loading={pages.isFetchingNextPage} onClick={loadEarlier}>
                  Load earlier messages
                </Button>
              </Center>
            )}
            {pages.isFetchNextPageError && <ErrorAlert error={pageError} />}
            {messages.map((message, index) => {
              const previous = messages[index - 1]
              const heading = dayHeading(previous, message, now)
              return (
                <Fragment key={message.id}>
                  {heading && <Divider my="sm" label={heading} labelPosition="center" />}
                  <MessageItem message={message} showAuthor={startsRun(previous, message)} handlers={handlers} />
                </Fragment>
              )
            })}
          </>
        )}
      </Box>
    </Box>
  )
}

/** A DM before its first message. */
function SayHello({ title }: { title: string }) {
  return (
    <Center py={60}>
      <Stack gap={4} align="center">
        <Text fz={32} aria-hidden="true">
          👋
        </Text>
        <Text fw={600}>Say hello 👋</Text>
        <Text size="sm" c="dimmed" ta="center" maw={360}>
          This is the start of your conversation with {title}. Messages travel directly between your devices.
        </Text>
      </Stack>
    </Center>
  )
}

/** Whether the person can see the window: focused and not hidden. */
function useWindowAttention(): boolean {
  const read = () => document.visibilityState === 'visible' && document.hasFocus()
  const [attention, setAttention] = useState(read)
  useEffect(() => {
    const update = () => setAttention(read())
    window.addEventListener('focus', update)
    window.addEventListener('blur', update)
    document.addEventListener('visibilitychange', update)
    return () => {
      window.removeEventListener('focus', update)
      window.removeEventListener('blur', update)
      document.removeEventListener('visibilitychange', update)
    }
  }, [])
  return attention
}

/** Tell the core (and through it, the sender) that everything up to the newest message was seen. */
function useMarkRead(conversation: ListedConversation, newest: Message | undefined) {
  const attention = useWindowAttention()
  const { refresh } = useChatCache(conversation.id)
  const marked = useRef<string | null>(null)
  const markRead = useApiMutation('chats.markRead', {
    invalidate: false,
    onSuccess: refresh,
    onError: () => {
      marked.current = null
    },
  })
  const { mutate } = markRead
  const newestId = newest?.id
  useEffect(() => {
    if (!attention || !newestId || conversation.unreadCount === 0 || marked.current === newestId) return
    marked.current = newestId
    mutate({ conversationId: conversation.id, messageId: newestId })
  }, [attention, newestId, conversation.id, conversation.unreadCount, mutate])
}
