import { Stack, Text } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import { formatDateTime, formatTimeLeft } from '../../ui/format-time'
import { ShareValue } from '../../ui/ShareValue'
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
