import { Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import type { GroupMode, GroupVisibility } from '../../../shared/domain/groups'
import { useApiMutation } from '../../api/hooks'
import { groupPath, ROUTES } from '../../app/vault-routes'
import { ActionForm } from '../../ui/ActionForm'
import type { GroupProfileDraft } from './GroupProfileFields'
import { EMPTY_PROFILE, GroupProfileFields, profileNameError } from './GroupProfileFields'
import { ModeVisibilityFields } from './ModeVisibilityFields'

/** A new group's avatar colour until it has its own (the core derives the real one from the group key). */
const PREVIEW_HUE = 230

/** Profile, mode and visibility → groups.create → the new group's page. */
export function CreateGroupForm() {
  const navigate = useNavigate()
  const [profile, setProfile] = useState<GroupProfileDraft>(EMPTY_PROFILE)
  const [mode, setMode] = useState<GroupMode>('chat')
  const [visibility, setVisibility] = useState<GroupVisibility>('private')
  const [submitted, setSubmitted] = useState(false)
  const create = useApiMutation('groups.create', {
    onSuccess: (group) => {
      notifications.show({ title: `${group.name} is ready`, message: 'Invite people from the Members tab.', color: 'teal' })
      navigate(groupPath(group.id))
    },
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (profileNameError(profile)) return
    create.mutate({
      name: profile.name.trim(),
      purpose: profile.purpose.trim(),
      description: profile.description.trim(),
      avatar: profile.avatar,
      mode,
      visibility,
    })
  }

  return (
    <ActionForm
      label="Create a group"
      onSubmit={submit}
      gap="lg"
      error={create.error}
      submitLabel="Create group"
      pending={create.isPending}
      cancel={
        <Button component={Link} to={ROUTES.groups} variant="default">
          Cancel
        </Button>
      }
    >
      <GroupProfileFields value={profile} onChange={setProfile} hue={PREVIEW_HUE} showErrors={submitted} disabled={create.isPending} />
      <ModeVisibilityFields mode={mode} onModeChange={setMode} visibility={visibility} onVisibilityChange={setVisibility} disabled={create.isPending} />
    </ActionForm>
  )
}
