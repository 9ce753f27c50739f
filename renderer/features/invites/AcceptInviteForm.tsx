import { Anchor, Button, Group, Stack } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { hasCode } from '../../api/error-messages'
import { useApiMutation } from '../../api/hooks'
import { chatPath, ROUTES } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { ConnectingNotice } from './ConnectingNotice'
import { InviteCodeField } from './InviteCodeField'
import { useInviteCheck } from './use-invite-check'

/** Worth another go as they are: the inviter was away, or so was the network. */
const RETRYABLE = ['INVITE_UNREACHABLE', 'NETWORK_OFFLINE', 'TRANSPORT_CLOSED'] as const

export interface AcceptInviteFormProps {
  /** Prefilled from a planet:// link or a failed onboarding accept; never accepted without a click. */
  initialCode?: string
  /** Why the last attempt failed (onboarding lands here after a failed accept). */
  initialError?: unknown
}

/** Paste a code or link, see at once whether it is one, then invites.accept → the new conversation. */
export function AcceptInviteForm({ initialCode = '', initialError = null }: AcceptInviteFormProps) {
  const navigate = useNavigate()
  const [code, setCode] = useState(initialCode)
  const [error, setError] = useState<unknown>(initialError)
  const [submitted, setSubmitted] = useState(false)
  const { check, checkNow } = useInviteCheck(code)
  const accept = useApiMutation('invites.accept', {
    onSuccess: ({ conversationId }) => {
      notifications.show({ title: 'You are connected', message: 'Say hello to your new contact.', color: 'teal' })
      navigate(chatPath(conversationId))
    },
    onError: setError,
  })

  async function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    const result = await checkNow()
    if (result.status === 'empty' || result.status === 'invalid') return
    setError(null)
    accept.mutate({ code: code.trim() })
  }

  const retryable = RETRYABLE.some((errorCode) => hasCode(error, errorCode))
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Accept an invite">
      <Stack gap="sm">
        <InviteCodeField
          value={code}
          onChange={(value) => {
            setCode(value)
            setError(null)
          }}
          check={check}
          required={submitted}
          disabled={accept.isPending}
        />
        {accept.isPending && <ConnectingNotice />}
        {error != null && !accept.isPending && (
          <ErrorAlert error={error} onRetry={retryable ? () => accept.mutate({ code: code.trim() }) : undefined}>
            {hasCode(error, 'CONTACT_EXISTS') && (
              <Anchor component={Link} to={ROUTES.contacts} size="sm">
                Open Contacts
              </Anchor>
            )}
          </ErrorAlert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={accept.isPending} disabled={check.status === 'invalid'}>
            Accept invite
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
