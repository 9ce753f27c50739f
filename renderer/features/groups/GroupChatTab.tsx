import { Button, Center, Group, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { PinIcon } from '../../ui/icons'
import { GroupChannel } from './GroupChannel'
import type { GroupTabProps } from './GroupTabPanel'
import { PinnedDrawer } from './PinnedDrawer'
import { useMentionableMembers } from './use-mentionable-members'

/** The group chat: the chats components with @mentions, and pins for moderators. */
export function GroupChatTab({ group, permissions }: GroupTabProps) {
  const members = useMentionableMembers(group.id, permissions.member)
  const [pinnedOpen, setPinnedOpen] = useState(false)

  return (
    <GroupChannel
      group={group}
      channel="chat"
      canWrite={permissions.write}
      canPin={permissions.moderator}
      header={
        <Group justify="flex-end" px="md" py={4} style={{ flex: 'none' }}>
          <Button size="compact-sm" variant="subtle" color="gray" leftSection={<PinIcon size={14} />} onClick={() => setPinnedOpen(true)}>
            Pinned messages
          </Button>
        </Group>
      }
      list={{
        empty: (
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
        ),
      }}
      composer={{ members, placeholder: 'Write to the group — @ to mention, Enter to send' }}
      extra={(handlers) => (
        <PinnedDrawer opened={pinnedOpen} onClose={() => setPinnedOpen(false)} groupId={group.id} handlers={handlers} canPin={permissions.moderator} />
      )}
    />
  )
}
