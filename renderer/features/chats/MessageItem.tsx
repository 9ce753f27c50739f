import { Box, Group, Paper, Stack, Text } from '@mantine/core'
import { memo } from 'react'
import { formatClock, formatDateTime } from '../../ui/format-time'
import { AttachmentList } from './AttachmentList'
import type { Message } from './chat-cache'
import { DeliveryMark } from './DeliveryMark'
import { renderMarkdown } from './markdown'
import type { MessageActionHandlers } from './MessageActions'
import { MessageActions } from './MessageActions'
import { Reactions } from './Reactions'

export interface MessageItemProps {
  message: Message
  /** First of a run by one author: show the name above it. */
  showAuthor: boolean
  handlers: MessageActionHandlers
}

/**
 * One message: an article named "Message from <author>", mine on the right.
 * Reply quote, Markdown text (or "This message was deleted"), files, time,
 * "(edited)", delivery state on mine, reactions, and the actions.
 */
export const MessageItem = memo(function MessageItem({ message, showAuthor, handlers }: MessageItemProps) {
  const { mine, deleted } = message
  return (
    <Box
      role="article"
      aria-label={`Message from ${message.authorName}`}
      className="planet-message"
      data-mine={mine || undefined}
      mt={showAuthor ? 'sm' : 2}
      style={{ display: 'flex', justifyContent: mine ? 'flex-end' : 'flex-start' }}
    >
      <Stack gap={2} maw="min(78%, 640px)" align={mine ? 'flex-end' : 'flex-start'} style={{ minWidth: 0 }}>
        {showAuthor && !mine && (
          <Text size="xs" fw={600} c="dimmed" px={4}>
            {message.authorName}
          </Text>
        )}
        <Group gap={4} wrap="nowrap" align="center" style={{ flexDirection: mine ? 'row-reverse' : 'row', maxWidth: '100%' }}>
          <Paper
            radius="lg"
            px="sm"
            py={6}
            className="planet-bubble"
            bg={mine ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default)'}
            withBorder={!mine}
            style={{ minWidth: 0, maxWidth: '100%' }}
          >
            {message.replyTo && (
              <Box className="planet-reply-quote" mb={4}>
                <Text size="xs" fw={600}>
                  {message.replyTo.authorName}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2} fs={message.replyTo.deleted ? 'italic' : undefined}>
                  {message.replyTo.deleted ? 'This message was deleted' : message.replyTo.excerpt}
                </Text>
              </Box>
            )}
            {deleted ? (
              <Text size="sm" fs="italic" c="dimmed">
                This message was deleted
              </Text>
            ) : (
              message.text && <div className="planet-markdown">{renderMarkdown(message.text)}</div>
            )}
            {!deleted && message.attachments.length > 0 && (
              <AttachmentList attachments={message.attachments} messageRef={{ conversationId: message.conversationId, messageId: message.id }} />
            )}
            <Group gap={6} justify="flex-end" mt={2} wrap="nowrap">
              {message.editedAt !== null && !deleted && (
                <Text size="xs" c="dimmed" title={`Edited ${formatDateTime(message.editedAt)}`}>
                  (edited)
                </Text>
              )}
              <Text size="xs" c="dimmed" component="time" dateTime={new Date(message.createdAt).toISOString()} title={formatDateTime(message.createdAt)}>
                {formatClock(message.createdAt)}
              </Text>
              {mine && !deleted && <DeliveryMark delivery={message.delivery} />}
            </Group>
          </Paper>
          {!deleted && <MessageActions message={message} handlers={handlers} />}
        </Group>
        {!deleted && <Reactions reactions={message.reactions} onToggle={(emoji, on) => handlers.onReact(message, emoji, on)} />}
      </Stack>
    </Box>
  )
})
