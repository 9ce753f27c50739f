import { Stack, Text } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import { formatDateTime, formatTimeLeft } from '../../ui/format-time'
import { ShareValue } from '../../ui/ShareValue'
import { useNow } from '../../ui/use-now'

type GroupLink = MethodOutput<'groups.createLink'>

/** A group link as an admin shares it: the code and the planet:// link, each with a copy button, and until when it works. */
export function GroupLinkDetails({ link }: { link: GroupLink }) {
  const now = useNow(60_000)
  return (
    <Stack gap="sm">
      <ShareValue label="Group link code" copyLabel="Copy group code" value={link.code} />
      <ShareValue label="Group link" copyLabel="Copy group link" value={link.link} />
      <Text size="sm" c="dimmed">
        {link.singleUse ? 'Works once' : 'Works for anyone who has it'}, until {formatDateTime(link.expiresAt)} ({formatTimeLeft(link.expiresAt, now)}).
      </Text>
    </Stack>
  )
}
