import { Group, TextInput } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { LIMITS } from '../../../shared/domain/people'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { UserPlusIcon } from '../../ui/icons'
import { ExpirySelect } from './ExpirySelect'
import { DEFAULT_EXPIRY } from './invite-options'

type Invite = MethodOutput<'invites.create'>

/** Who the invite is for (optional) and how long it works → invites.create. */
export function CreateInviteForm({ onCreated }: { onCreated: (invite: Invite) => void }) {
  const [label, setLabel] = useState('')
  const [expiry, setExpiry] = useState<string>(DEFAULT_EXPIRY)
  const create = useApiMutation('invites.create', {
    onSuccess: (invite) => {
      setLabel('')
      onCreated(invite)
    },
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    create.mutate({ label: label.trim(), expiresInHours: Number(expiry) })
  }

  return (
    <ActionForm
      label="Create an invite"
      onSubmit={submit}
      error={create.error}
      submitLabel="Create invite"
      submitIcon={<UserPlusIcon size={16} />}
      pending={create.isPending}
    >
      <Group gap="sm" align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
        <TextInput
          label="Name (optional)"
          description="Who it is for, so you recognise it later. Only you see this."
          value={label}
          onChange={(event) => setLabel(event.currentTarget.value)}
          maxLength={LIMITS.inviteLabel}
          disabled={create.isPending}
          miw={220}
        />
        <ExpirySelect
          label="Expires in"
          description="After that the code stops working."
          value={expiry}
          onChange={setExpiry}
          disabled={create.isPending}
          maw={220}
        />
      </Group>
    </ActionForm>
  )
}
