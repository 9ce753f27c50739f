import { Box } from '@mantine/core'
import type { ReactNode } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { ChannelId } from '../../../shared/domain/groups'
import { ErrorAlert } from '../../ui/ErrorAlert'
import type { ComposerProps } from '../chats/Composer'
import { Composer } from '../chats/Composer'
import { DeleteMessageModal } from '../chats/DeleteMessageModal'
import type { MessageActionHandlers } from '../chats/MessageActions'
import type { MessageListProps } from '../chats/MessageList'
import { MessageList } from '../chats/MessageList'
import { useMessageActions } from '../chats/use-message-actions'
import { listedConversation } from './listed-conversation'

type Group = MethodOutput<'groups.get'>

export interface GroupChannelProps {
  group: Group
  /** The chat, the announcements or a Discuss thread's id. */
  channel: ChannelId
  /** May write here: the composer shows, and messages offer Reply and Edit. */
  canWrite: boolean
  /** May pin messages (moderators, in the chat). */
  canPin?: boolean
  /** The log's name, whether reading marks messages read, and what shows before the first one. */
  list: Pick<MessageListProps, 'label' | 'markRead' | 'empty'>
  /** The composer's words, and the members "@" offers (none: no mentions here). */
  composer: Pick<ComposerProps, 'label' | 'placeholder' | 'sendLabel' | 'members'>
  /** Above the messages: the tab's note, its buttons or the thread's opening post. */
  header?: ReactNode
  /** After the composer, with the same message actions (the chat's pinned drawer). */
  extra?: (handlers: MessageActionHandlers) => ReactNode
}

/**
 * One channel of a group, wired the same way in every tab that has one (chat,
 * announcements, a Discuss thread): the messages, the last failed reaction or
 * pin, the composer for those who may write, and "Delete this message?". One
 * useMessageActions feeds them all, so Reply and Edit reach this composer.
 */
export function GroupChannel({ group, channel, canWrite, canPin = false, list, composer, header, extra }: GroupChannelProps) {
  const actions = useMessageActions(group.id, { canPin, hasComposer: canWrite })
  return (
    <>
      {header}
      <MessageList conversation={listedConversation(group)} handlers={actions.handlers} channel={channel} {...list} />
      {actions.actionError && (
        <Box px="md">
          <ErrorAlert error={actions.actionError} />
        </Box>
      )}
      {canWrite && <Composer conversationId={group.id} channel={channel} {...composer} {...actions.composer} notReady={!group.ready} />}
      {extra?.(actions.handlers)}
      <DeleteMessageModal deletion={actions.deletion} inGroup />
    </>
  )
}
