import { Group, Loader, Stack, Text } from '@mantine/core'

/** While invites.accept or groups.join runs (up to ~30 s): what is happening and why it may take a while. */
export function ConnectingNotice({ toGroup = false }: { toGroup?: boolean }) {
  return (
    <Group gap="md" wrap="nowrap" role="status" aria-live="polite" py="xs">
      <Loader size="md" aria-hidden="true" />
      <Stack gap={2}>
        <Text fw={600}>{toGroup ? 'Reaching the group…' : 'Connecting to the person who invited you…'}</Text>
        <Text size="sm" c="dimmed">
          {toGroup
            ? 'This can take up to 30 seconds. An admin of the group must have PLANET open and unlocked.'
            : 'This can take up to 30 seconds. Their PLANET must be open and unlocked.'}
        </Text>
      </Stack>
    </Group>
  )
}
