import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { GroupMode, GroupVisibility } from '../../../shared/domain/groups'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { ModeVisibilityFields } from './ModeVisibilityFields'

type Group = MethodOutput<'groups.get'>

/** Admins: mode and visibility → groups.updateSettings (only what changed is sent). */
export function GroupModeForm({ group }: { group: Group }) {
  const [mode, setMode] = useState<GroupMode>(group.mode)
  const [visibility, setVisibility] = useState<GroupVisibility>(group.visibility)
  const update = useApiMutation('groups.updateSettings', {
    onSuccess: () => notifications.show({ message: 'The group’s settings were saved.', color: 'teal' }),
  })
  const changed = mode !== group.mode || visibility !== group.visibility

  function submit(event: FormEvent) {
    event.preventDefault()
    update.mutate({
      groupId: group.id,
      ...(mode !== group.mode ? { mode } : {}),
      ...(visibility !== group.visibility ? { visibility } : {}),
    })
  }

  return (
    <ActionForm
      label="Mode and visibility"
      onSubmit={submit}
      gap="md"
      error={update.error}
      submitLabel="Save settings"
      pending={update.isPending}
      submitDisabled={!changed}
    >
      <ModeVisibilityFields mode={mode} onModeChange={setMode} visibility={visibility} onVisibilityChange={setVisibility} disabled={update.isPending} />
    </ActionForm>
  )
}
