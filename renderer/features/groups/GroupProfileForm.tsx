import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import type { GroupProfileDraft } from './GroupProfileFields'
import { GroupProfileFields, profileNameError } from './GroupProfileFields'

type Group = MethodOutput<'groups.get'>

/** Admins: the same fields as when creating → groups.updateProfile. */
export function GroupProfileForm({ group }: { group: Group }) {
  const [draft, setDraft] = useState<GroupProfileDraft>(() => ({
    name: group.name,
    purpose: group.purpose,
    description: group.description,
    avatar: group.avatar,
  }))
  const [submitted, setSubmitted] = useState(false)
  const update = useApiMutation('groups.updateProfile', {
    onSuccess: () => notifications.show({ message: 'The group’s profile was saved. Members see it the next time they sync.', color: 'teal' }),
  })
  const changed =
    draft.name !== group.name || draft.purpose !== group.purpose || draft.description !== group.description || draft.avatar !== group.avatar

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (profileNameError(draft)) return
    update.mutate({
      groupId: group.id,
      name: draft.name.trim(),
      purpose: draft.purpose.trim(),
      description: draft.description.trim(),
      avatar: draft.avatar,
    })
  }

  return (
    <ActionForm
      label="Group profile"
      onSubmit={submit}
      gap="md"
      error={update.error}
      submitLabel="Save profile"
      pending={update.isPending}
      submitDisabled={!changed}
    >
      <GroupProfileFields value={draft} onChange={setDraft} hue={group.avatarHue} showErrors={submitted} disabled={update.isPending} />
    </ActionForm>
  )
}
