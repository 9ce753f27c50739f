import { Box, Button, Center, Group, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { PinIcon } from '../../ui/icons'
import { Composer } from '../chats/Composer'
import { DeleteMessageModal } from '../chats/DeleteMessageModal'
import { MessageList } from '../chats/MessageList'
import { useMessageActions } from '../chats/use-message-actions'
import type { GroupTabProps } from './GroupTabPanel'
import { listedConversation } from './listed-conversation'
import { PinnedDrawer } from './PinnedDrawer'
import { useMentionableMembers } from './use-mentionable-members'

/** The group chat: the chats components with @mentions, and pins for moderators. */
export function GroupChatTab({ group, permissions }: GroupTabProps) {
  const members = useMentionableMembers(group.id, permissions.member)
  const { handlers, textareaRef, replyTo, clearReply, editing, clearEdit, actionError, deletion } = useMessageActions(group.id, {
    canPin: permissions.moderator,
    hasComposer: permissions.write,
  })
  const [pinnedOpen, setPinnedOpen] = useState(false)
  const conversation = listedConversation(group)

  return (
    <>
      <Group justify="flex-end" px="md" py={4} style={{ flex: 'none' }}>
        <Button size="compact-sm" variant="subtle" color="gray" leftSection={<PinIcon size={14} />} onClick={() => setPinnedOpen(true)}>
          Pinned messages
        </Button>
      </Group>
      <MessageList
        conversation={conversation}
        handlers={handlers}
        channel="chat"
        empty={
          <Center py={60}>
            <Stack gap={4} align="center" maw={380}>
              <Text fw={600}>No messages yet</Text>
              <Text size="sm" c="dimmed" ta="center">
                {permissions.write
                  ? 'Say hello to the group. Type @ and a name to mention a member: they get an alert.'
                  : 'Nothing was written here while you could read it.'}
              </Text>
            </Stack>
          </Center>
        }
      />
      {actionError && (
        <Box px="md">
          <ErrorAlert error={actionError} />
        </Box>
      )}
      {permissions.write && (
        <Composer
          conversationId={group.id}
          channel="chat"
          members={members}
          replyTo={replyTo}
          onCancelReply={clearReply}
          editing={editing}
          onCancelEdit={clearEdit}
          textareaRef={textareaRef}
          notReady={!group.ready}
          placeholder="Write to the group — @ to mention, Enter to send"
        />
      )}
      <PinnedDrawer opened={pinnedOpen} onClose={() => setPinnedOpen(false)} groupId={group.id} handlers={handlers} canPin={permissions.moderator} />
      <DeleteMessageModal deletion={deletion} inGroup />
    </>
  )
}
