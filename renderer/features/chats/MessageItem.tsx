import { Box, Group, Paper, Stack, Text, VisuallyHidden } from '@mantine/core'
import { memo } from 'react'
import { formatClock, formatDateTime } from '../../ui/format-time'
import { PinIcon } from '../../ui/icons'
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

/** What a member sees for a message sealed with a key their device does not hold. */
export const UNREADABLE_TEXT = '🔒 You can’t read this message (sent before you joined or after you left)'

/**
 * One message: an article named "Message from <author>", mine on the right.
 * Reply quote, Markdown text (or "This message was deleted"), files, time,
 * "(edited)", delivery state on mine, reactions, and the actions. In groups
 * also: highlighted when it mentions me, "Pinned", "Read by N members" on
 * announcements, and a lock instead of the text when this device cannot
 * decrypt it.
 */
export const MessageItem = memo(function MessageItem({ message, showAuthor, handlers }: MessageItemProps) {
  const { mine, deleted, readable } = message
  const interactive = !deleted && readable
  const highlighted = message.mentionsMe && interactive
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
            bg={highlighted ? 'var(--mantine-color-yellow-light)' : mine ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default)'}
            withBorder={!mine || highlighted}
            data-mentions-me={highlighted || undefined}
            style={{ minWidth: 0, maxWidth: '100%', borderColor: highlighted ? 'var(--mantine-color-yellow-filled)' : undefined }}
          >
            {highlighted && <VisuallyHidden>Mentions you. </VisuallyHidden>}
            {message.replyTo && readable && (
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
            ) : !readable ? (
              <Text size="sm" fs="italic" c="dimmed">
                {UNREADABLE_TEXT}
              </Text>
            ) : (
              message.text && <div className="planet-markdown">{renderMarkdown(message.text)}</div>
            )}
            {interactive && message.attachments.length > 0 && (
              <AttachmentList attachments={message.attachments} messageRef={{ conversationId: message.conversationId, messageId: message.id }} />
            )}
            <Group gap={6} justify="flex-end" mt={2} wrap="nowrap">
              {message.pinned && !deleted && (
                <Text size="xs" c="dimmed" span style={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
                  <PinIcon size={11} />
                  Pinned
                </Text>
              )}
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
          {interactive && <MessageActions message={message} handlers={handlers} />}
        </Group>
        {interactive && <Reactions reactions={message.reactions} onToggle={(emoji, on) => handlers.onReact(message, emoji, on)} />}
        {message.readCount !== null && !deleted && (
          <Text size="xs" c="dimmed" px={4}>
            Read by {message.readCount} {message.readCount === 1 ? 'member' : 'members'}
          </Text>
        )}
      </Stack>
    </Box>
  )
})
