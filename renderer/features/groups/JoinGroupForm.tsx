import { Alert, Anchor, Loader, Text, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import { hasCode } from '../../api/error-messages'
import { useApiMutation } from '../../api/hooks'
import { groupPath, ROUTES } from '../../app/vault-routes'
import { ActionForm } from '../../ui/ActionForm'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { CheckIcon } from '../../ui/icons'
import { ConnectingNotice } from '../invites/ConnectingNotice'
import type { InviteRouteState } from '../invites/invite-route-state'
import type { InviteCheck } from '../invites/use-invite-check'
import { useInviteCheck } from '../invites/use-invite-check'

/** Worth another go as they are: no admin was online, or the network was away. */
const RETRYABLE = ['INVITE_UNREACHABLE', 'NETWORK_OFFLINE', 'TRANSPORT_CLOSED'] as const

/**
 * "Group link or code" (+ an optional note) → groups.join. Open groups let
 * you in at once (→ the group); restricted ones make a request an admin
 * approves. A planet:// link opened from the system arrives prefilled; it is
 * never used without a click.
 */
export function JoinGroupForm({ initialCode = '' }: { initialCode?: string }) {
  const navigate = useNavigate()
  const [code, setCode] = useState(initialCode)
  const [note, setNote] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [requested, setRequested] = useState(false)
  const { check, checkNow } = useInviteCheck(code)
  const join = useApiMutation('groups.join', {
    onSuccess: ({ groupId, status }) => {
      if (status === 'joined') {
        notifications.show({ title: 'You joined the group', message: 'Say hello in the chat.', color: 'teal' })
        navigate(groupPath(groupId))
        return
      }
      setRequested(true)
      setCode('')
      setNote('')
      setSubmitted(false)
    },
  })

  async function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    setRequested(false)
    const result = await checkNow()
    if (result.status === 'empty' || result.status === 'invalid' || isContactInvite(result)) return
    join.mutate({ code: code.trim(), note: note.trim() })
  }

  const fieldError =
    check.status === 'invalid'
      ? check.message
      : submitted && check.status === 'empty'
        ? 'Paste the group link or code an admin sent you'
        : null
  const retryable = RETRYABLE.some((errorCode) => hasCode(join.error, errorCode))

  return (
    <ActionForm
      label="Join a group"
      onSubmit={(event) => void submit(event)}
      submitLabel="Join group"
      pending={join.isPending}
      submitDisabled={check.status === 'invalid'}
    >
      <TextInput
        label="Group link or code"
        description="The planet://invite/… link or the code an admin of the group sent you."
        placeholder="planet://invite/… or XXXXX-XXXXX-…"
        value={code}
        onChange={(event) => {
          setCode(event.currentTarget.value)
          join.reset()
          setRequested(false)
        }}
        error={fieldError}
        rightSection={check.status === 'checking' ? <Loader size={16} aria-hidden="true" /> : null}
        maxLength={1000}
        autoComplete="off"
        spellCheck={false}
        disabled={join.isPending}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        inputWrapperOrder={['label', 'description', 'input', 'error']}
      />
      {isContactInvite(check) && (
        <Alert color="yellow" variant="light" title="This is an invite to connect with a person">
          <Text size="sm">It is not a group link.</Text>
          <Anchor component={Link} to={ROUTES.invites} state={{ inviteCode: code.trim() } satisfies InviteRouteState} size="sm">
            Accept it in Invites
          </Anchor>
        </Alert>
      )}
      <Textarea
        label="Note to the admins"
        description="Optional. If the group asks admins to approve new members, they see this with your request."
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        maxLength={GROUP_LIMITS.joinNote}
        autosize
        minRows={2}
        maxRows={4}
        disabled={join.isPending}
      />
      {join.isPending && <ConnectingNotice toGroup />}
      {join.error && !join.isPending && (
        <ErrorAlert error={join.error} onRetry={retryable ? () => join.mutate({ code: code.trim(), note: note.trim() }) : undefined}>
          {hasCode(join.error, 'INVITE_UNREACHABLE') && (
            <Text size="sm" mt={4}>
              For a group link, an admin of the group must be online.
            </Text>
          )}
        </ErrorAlert>
      )}
      {requested && (
        <Alert color="teal" variant="light" icon={<CheckIcon />} title="Request sent — an admin must approve it" role="status">
          You join as soon as an admin approves, the next time you are both online. Your request waits under “Your join requests”.
        </Alert>
      )}
    </ActionForm>
  )
}

function isContactInvite(check: InviteCheck): boolean {
  return check.status === 'valid' && check.kind === 'contact'
}
