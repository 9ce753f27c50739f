import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core'
import { Outlet, useParams } from 'react-router'
import { validId } from '../../app/vault-routes'
import { ChatIcon } from '../../ui/icons'
import { ConversationList } from './ConversationList'

/**
 * Two panes: conversations on the left, the open one on the right. On a
 * narrow window only one shows: the list at /chats, the thread at /chats/:id
 * (with a back button).
 */
export function ChatsPage() {
  const params = useParams()
  const open = params.conversationId !== undefined
  const activeId = validId(params.conversationId)
  return (
    <Paper
      withBorder
      radius="lg"
      h="calc(100dvh - var(--app-shell-header-height, 60px) - 2 * var(--mantine-spacing-lg))"
      mih={420}
      style={{ display: 'flex', overflow: 'hidden' }}
    >
      <Stack
        component="section"
        aria-labelledby="chats-title"
        gap={0}
        w={{ base: '100%', sm: 320 }}
        display={{ base: open ? 'none' : 'flex', sm: 'flex' }}
        style={{ flex: 'none', borderRight: '1px solid var(--mantine-color-default-border)', minHeight: 0 }}
      >
        <Title order={1} fz="lg" id="chats-title" px="md" py="sm">
          Chats
        </Title>
        <ConversationList activeId={activeId} />
      </Stack>
      <Box display={{ base: open ? 'flex' : 'none', sm: 'flex' }} style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
        <Outlet />
      </Box>
    </Paper>
  )
}

/** /chats with nothing open (wide windows only). */
export function NoConversation() {
  return (
    <Center style={{ flex: 1 }}>
      <Stack align="center" gap={6} c="dimmed" p="lg">
        <ChatIcon size={32} />
        <Text size="sm">Choose a conversation on the left.</Text>
      </Stack>
    </Center>
  )
}
