import { Box, Group, Stack, Text } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import { CopyValueButton } from '../../ui/CopyValueButton'
import { formatDateTime, formatTimeLeft } from '../../ui/format-time'
import { useNow } from '../../ui/use-now'

type Invite = MethodOutput<'invites.create'>

/** An invite as the inviter shares it: the code and the link, each with a copy button, and until when it works. */
export function InviteDetails({ invite }: { invite: Invite }) {
  const now = useNow(60_000)
  return (
    <Stack gap="sm">
      <ShareValue label="Invite code" copyLabel="Copy code" value={invite.code} />
      <ShareValue label="Invite link" copyLabel="Copy link" value={invite.link} />
      <Text size="sm" c="dimmed">
        Works once, until {formatDateTime(invite.expiresAt)} ({formatTimeLeft(invite.expiresAt, now)}).
      </Text>
    </Stack>
  )
}

/**
 * A value to copy, shown whole in monospace. It is a read-only textbox named
 * by `label`, so a screen reader announces what it is and keyboard users can
 * focus and select it.
 */
function ShareValue({ label, copyLabel, value }: { label: string; copyLabel: string; value: string }) {
  return (
    <Box>
      <Text size="sm" fw={500} mb={4} aria-hidden="true">
        {label}
      </Text>
      <Group
        gap="xs"
        wrap="nowrap"
        justify="space-between"
        px="sm"
        py={6}
        bg="var(--mantine-color-default-hover)"
        style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-default-border)' }}
      >
        <Text
          ff="monospace"
          size="sm"
          role="textbox"
          aria-readonly="true"
          aria-label={label}
          tabIndex={0}
          style={{ wordBreak: 'break-all', userSelect: 'all' }}
        >
          {value}
        </Text>
        <CopyValueButton value={value} label={copyLabel} />
      </Group>
    </Box>
  )
}
