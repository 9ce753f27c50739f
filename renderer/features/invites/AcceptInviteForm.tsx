import { Alert, Anchor, Button, Group, Stack } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { hasCode } from '../../api/error-messages'
import { useApiMutation } from '../../api/hooks'
import { chatPath, groupPath, ROUTES } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { CheckIcon } from '../../ui/icons'
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

/**
 * Paste a code or link, see at once whether it is one, then invites.accept →
 * the new conversation. A group link pasted here (invites.check says kind
 * 'group') goes to groups.join instead: the person should not have to know
 * which of the two they were sent.
 */
export function AcceptInviteForm({ initialCode = '', initialError = null }: AcceptInviteFormProps) {
  const navigate = useNavigate()
  const [code, setCode] = useState(initialCode)
  const [error, setError] = useState<unknown>(initialError)
  const [submitted, setSubmitted] = useState(false)
  const [joinRequested, setJoinRequested] = useState(false)
  const { check, checkNow } = useInviteCheck(code)
  const accept = useApiMutation('invites.accept', {
    onSuccess: ({ conversationId }) => {
      notifications.show({ title: 'You are connected', message: 'Say hello to your new contact.', color: 'teal' })
      navigate(chatPath(conversationId))
    },
    onError: setError,
  })
  const join = useApiMutation('groups.join', {
    onSuccess: ({ groupId, status }) => {
      if (status === 'joined') {
        notifications.show({ title: 'You joined the group', message: 'Say hello in the chat.', color: 'teal' })
        navigate(groupPath(groupId))
      } else {
        setJoinRequested(true)
      }
    },
    onError: setError,
  })
  const pending = accept.isPending || join.isPending

  function use(kind: 'contact' | 'group' | null) {
    setError(null)
    setJoinRequested(false)
    if (kind === 'group') join.mutate({ code: code.trim() })
    else accept.mutate({ code: code.trim() })
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    const result = await checkNow()
    if (result.status === 'empty' || result.status === 'invalid') return
    use(result.status === 'valid' ? result.kind : null)
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
            setJoinRequested(false)
          }}
          check={check}
          required={submitted}
          disabled={pending}
        />
        {pending && <ConnectingNotice toGroup={join.isPending} />}
        {joinRequested && (
          <Alert color="teal" variant="light" icon={<CheckIcon />} title="Request sent — an admin must approve it" role="status">
            This is a group link. You join as soon as an admin of the group approves, the next time you are both online.{' '}
            <Anchor component={Link} to={ROUTES.groups} inherit>
              Open Groups
            </Anchor>
          </Alert>
        )}
        {error != null && !pending && (
          <ErrorAlert error={error} onRetry={retryable ? () => use(check.status === 'valid' ? check.kind : null) : undefined}>
            {hasCode(error, 'CONTACT_EXISTS') && (
              <Anchor component={Link} to={ROUTES.contacts} size="sm">
                Open Contacts
              </Anchor>
            )}
          </ErrorAlert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={pending} disabled={check.status === 'invalid'}>
            Accept invite
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
