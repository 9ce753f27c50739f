import { Box, Center, Stack, Text } from '@mantine/core'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { MegaphoneIcon } from '../../ui/icons'
import { Composer } from '../chats/Composer'
import { DeleteMessageModal } from '../chats/DeleteMessageModal'
import { MessageList } from '../chats/MessageList'
import { useMessageActions } from '../chats/use-message-actions'
import type { GroupTabProps } from './GroupTabPanel'
import { listedConversation } from './listed-conversation'

/**
 * Announcements: what the admins post for everyone. Each shows "Read by N
 * members"; viewing them marks them read (chats.markRead with the newest),
 * which is what those counts are made of. Only admins get a composer.
 */
export function AnnouncementsTab({ group, permissions }: GroupTabProps) {
  const { handlers, textareaRef, replyTo, clearReply, editing, clearEdit, actionError, deletion } = useMessageActions(group.id, {
    hasComposer: permissions.announce,
  })
  return (
    <>
      <Text size="xs" c="dimmed" px="md" py={6} style={{ flex: 'none' }}>
        News from the admins for every member. Only admins post here; everyone can react.
      </Text>
      <MessageList
        conversation={listedConversation(group)}
        handlers={handlers}
        channel="announcements"
        label="Announcements"
        empty={
          <Center py={60}>
            <Stack gap={6} align="center" maw={380} c="dimmed">
              <MegaphoneIcon size={28} />
              <Text fw={600} c="var(--mantine-color-text)">
                No announcements yet
              </Text>
              <Text size="sm" ta="center">
                {permissions.announce
                  ? 'Post the first one below: every member gets an alert, and you see how many have read it.'
                  : 'When an admin posts news for the whole group, it appears here and you get an alert.'}
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
      {permissions.announce && (
        <Composer
          conversationId={group.id}
          channel="announcements"
          label="Announcement"
          placeholder="Write an announcement for every member — Enter to post, Shift+Enter for a new line"
          sendLabel="Post announcement"
          replyTo={replyTo}
          onCancelReply={clearReply}
          editing={editing}
          onCancelEdit={clearEdit}
          textareaRef={textareaRef}
          notReady={!group.ready}
        />
      )}
      <DeleteMessageModal deletion={deletion} inGroup />
    </>
  )
}
