import { Center, Stack, Text } from '@mantine/core'
import { MegaphoneIcon } from '../../ui/icons'
import { GroupChannel } from './GroupChannel'
import type { GroupTabProps } from './GroupTabPanel'

/**
 * Announcements: what the admins post for everyone. Each shows "Read by N
 * members"; viewing them marks them read (chats.markRead with the newest),
 * which is what those counts are made of. Only admins get a composer.
 */
export function AnnouncementsTab({ group, permissions }: GroupTabProps) {
  return (
    <GroupChannel
      group={group}
      channel="announcements"
      canWrite={permissions.announce}
      header={
        <Text size="xs" c="dimmed" px="md" py={6} style={{ flex: 'none' }}>
          News from the admins for every member. Only admins post here; everyone can react.
        </Text>
      }
      list={{
        label: 'Announcements',
        empty: (
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
        ),
      }}
      composer={{
        label: 'Announcement',
        placeholder: 'Write an announcement for every member — Enter to post, Shift+Enter for a new line',
        sendLabel: 'Post announcement',
      }}
    />
  )
}
