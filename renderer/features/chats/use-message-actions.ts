import { useCallback, useMemo, useRef, useState } from 'react'
import { useApiMutation } from '../../api/hooks'
import type { Message } from './chat-cache'
import { useChatCache } from './chat-cache'
import type { ComposerProps } from './Composer'
import type { MessageActionHandlers } from './MessageActions'

/** What the composer needs from the actions: the message being replied to or edited, and the box to focus. */
export type ComposerWiring = Pick<ComposerProps, 'replyTo' | 'onCancelReply' | 'editing' | 'onCancelEdit' | 'textareaRef'>

export interface MessageActionsOptions {
  /** Offer Pin/Unpin (a group's moderators). */
  canPin?: boolean
  /** Offer Reply and Edit (there is a composer to write them in). */
  hasComposer?: boolean
}

/**
 * What the message actions do in one conversation (or one channel of a
 * group): reply and edit go to the composer, reactions and pins are sent at
 * once, delete asks first (see DeleteMessageModal). Shared by the DM view
 * and the group tabs, so a message behaves the same everywhere.
 */
export function useMessageActions(conversationId: string, { canPin = false, hasComposer = true }: MessageActionsOptions = {}) {
  const { putMessage, refresh } = useChatCache(conversationId)
  const textareaRef = useRef<HTMLTextAreaElement>(null)
  const [replyTo, setReplyTo] = useState<Message | null>(null)
  const [editing, setEditing] = useState<Message | null>(null)
  const [deleting, setDeleting] = useState<Message | null>(null)

  const react = useApiMutation('chats.react', { invalidate: false, onSuccess: putMessage })
  const pin = useApiMutation('chats.pinMessage', {
    invalidate: false,
    onSuccess: (message) => {
      putMessage(message)
      // The pinned list is another query: only a refetch adds or drops the message there.
      refresh()
    },
  })
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
  const { mutate: pinMutate } = pin
  const handlers = useMemo<MessageActionHandlers>(
    () => ({
      onReply: hasComposer
        ? (message) => {
            setEditing(null)
            setReplyTo(message)
            focusComposer()
          }
        : undefined,
      onReact: (message, emoji, on) => reactMutate({ conversationId: message.conversationId, messageId: message.id, emoji, on }),
      onEdit: hasComposer
        ? (message) => {
            setReplyTo(null)
            setEditing(message)
            focusComposer()
          }
        : undefined,
      onDelete: (message) => setDeleting(message),
      onPin: canPin ? (message, on) => pinMutate({ conversationId: message.conversationId, messageId: message.id, on }) : undefined,
    }),
    [focusComposer, reactMutate, pinMutate, canPin, hasComposer],
  )

  const onCancelReply = useCallback(() => setReplyTo(null), [])
  const onCancelEdit = useCallback(() => setEditing(null), [])
  const composer: ComposerWiring = { replyTo, onCancelReply, editing, onCancelEdit, textareaRef }

  return {
    handlers,
    /** Spread into the Composer: Reply and Edit land there. */
    composer,
    /** The last reaction or pin that failed. */
    actionError: react.error ?? pin.error,
    deletion: {
      message: deleting,
      pending: remove.isPending,
      error: remove.error,
      close: () => {
        setDeleting(null)
        remove.reset()
      },
      confirm: () => {
        if (deleting) remove.mutate({ conversationId, messageId: deleting.id })
      },
    },
  }
}

export type MessageDeletion = ReturnType<typeof useMessageActions>['deletion']
