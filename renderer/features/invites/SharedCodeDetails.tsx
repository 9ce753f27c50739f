import { Stack, Text } from '@mantine/core'
import { formatDateTime, formatTimeLeft } from '../../ui/format-time'
import { ShareValue } from '../../ui/ShareValue'
import { useNow } from '../../ui/use-now'

/** The words around a code; e2e tests find the boxes and buttons by them. */
export interface SharedCodeLabels {
  code: string
  copyCode: string
  link: string
  copyLink: string
}

export interface SharedCodeDetailsProps {
  code: string
  /** The same code as a planet:// link. */
  link: string
  expiresAt: number
  /** Who it lets in ("Works once"). */
  reach: string
  labels: SharedCodeLabels
}

/** A code as its maker shares it (an invite, a group link): the code and the link, each with a copy button, and until when it works. */
export function SharedCodeDetails({ code, link, expiresAt, reach, labels }: SharedCodeDetailsProps) {
  const now = useNow(60_000)
  return (
    <Stack gap="sm">
      <ShareValue label={labels.code} copyLabel={labels.copyCode} value={code} />
      <ShareValue label={labels.link} copyLabel={labels.copyLink} value={link} />
      <Text size="sm" c="dimmed">
        {reach}, until {formatDateTime(expiresAt)} ({formatTimeLeft(expiresAt, now)}).
      </Text>
    </Stack>
  )
}
