import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { LIMITS } from '../../../shared/domain/people'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { UserPlusIcon } from '../../ui/icons'
import { DEFAULT_EXPIRY, EXPIRY_OPTIONS } from './invite-options'

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
    <form onSubmit={submit} noValidate aria-label="Create an invite">
      <Stack gap="sm">
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
          <NativeSelect
            label="Expires in"
            description="After that the code stops working."
            data={EXPIRY_OPTIONS.map((option) => ({ value: option.value, label: option.label }))}
            value={expiry}
            onChange={(event) => setExpiry(event.currentTarget.value)}
            disabled={create.isPending}
            miw={160}
            maw={220}
          />
        </Group>
        {create.error && <ErrorAlert error={create.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} leftSection={<UserPlusIcon size={16} />}>
            Create invite
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
