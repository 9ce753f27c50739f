import { ActionIcon, Group, Menu, Popover, SimpleGrid } from '@mantine/core'
import { useState } from 'react'
import { DotsIcon, EditIcon, PinIcon, ReplyIcon, SmileIcon, TrashIcon } from '../../ui/icons'
import type { Message } from './chat-cache'
import { REACTION_EMOJIS, reactLabel } from './emoji'

/** What the actions do; an absent handler hides its item (no composer: no Reply or Edit; not a moderator: no Pin). */
export interface MessageActionHandlers {
  onReply?: (message: Message) => void
  onReact: (message: Message, emoji: string, on: boolean) => void
  onEdit?: (message: Message) => void
  onDelete: (message: Message) => void
  onPin?: (message: Message, on: boolean) => void
}

/**
 * Beside each message: a quick reaction palette and the "Message actions"
 * menu (Reply, React, Pin or Unpin for a group's moderators, Edit on mine,
 * Delete where `canDelete`: mine, or anyone's for a moderator). Both are
 * Mantine components, so focus, Escape and arrow keys behave as everywhere else.
 */
export function MessageActions({ message, handlers }: { message: Message; handlers: MessageActionHandlers }) {
  const [palette, setPalette] = useState(false)
  const mineOn = (emoji: string) => message.reactions.some((reaction) => reaction.emoji === emoji && reaction.mine)
  const { onReply, onEdit, onPin } = handlers
  const canEdit = message.mine && message.text !== '' && onEdit !== undefined

  return (
    <Group gap={2} wrap="nowrap" className="planet-message-actions">
      <Popover opened={palette} onChange={setPalette} position="top" withArrow shadow="md" trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Add reaction" onClick={() => setPalette((open) => !open)}>
            <SmileIcon size={15} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={4} aria-label="Reactions">
          <SimpleGrid cols={4} spacing={2}>
            {REACTION_EMOJIS.map((emoji) => (
              <ActionIcon
                key={emoji}
                variant={mineOn(emoji) ? 'light' : 'subtle'}
                color="gray"
                size="lg"
                aria-label={reactLabel(emoji)}
                aria-pressed={mineOn(emoji)}
                onClick={() => {
                  setPalette(false)
                  handlers.onReact(message, emoji, !mineOn(emoji))
                }}
                fz={18}
              >
                {emoji}
              </ActionIcon>
            ))}
          </SimpleGrid>
        </Popover.Dropdown>
      </Popover>

      <Menu position={message.mine ? 'bottom-end' : 'bottom-start'} shadow="md" width={170}>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Message actions">
            <DotsIcon size={15} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {onReply && (
            <Menu.Item leftSection={<ReplyIcon size={14} />} onClick={() => onReply(message)}>
              Reply
            </Menu.Item>
          )}
          <Menu.Item
            leftSection={<SmileIcon size={14} />}
            // After the menu has closed and handed focus back, so the palette keeps it.
            onClick={() => window.setTimeout(() => setPalette(true), 30)}
          >
            React
          </Menu.Item>
          {onPin && (
            <Menu.Item leftSection={<PinIcon size={14} />} onClick={() => onPin(message, !message.pinned)}>
              {message.pinned ? 'Unpin' : 'Pin'}
            </Menu.Item>
          )}
          {(canEdit || message.canDelete) && <Menu.Divider />}
          {canEdit && (
            <Menu.Item leftSection={<EditIcon size={14} />} onClick={() => onEdit(message)}>
              Edit
            </Menu.Item>
          )}
          {message.canDelete && (
            <Menu.Item leftSection={<TrashIcon size={14} />} color="red" onClick={() => handlers.onDelete(message)}>
              Delete
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  )
}
