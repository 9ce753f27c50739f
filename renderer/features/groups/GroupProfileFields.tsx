import { Stack, Textarea, TextInput } from '@mantine/core'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import { AvatarPicker } from './AvatarPicker'

/** What a group shows about itself; the same fields when creating and when an admin edits it. */
export interface GroupProfileDraft {
  name: string
  purpose: string
  description: string
  avatar: string | null
}

export const EMPTY_PROFILE: GroupProfileDraft = { name: '', purpose: '', description: '', avatar: null }

/** The name is required; the core checks again (groupName), this only saves a round trip. */
export function profileNameError(draft: GroupProfileDraft): string | null {
  return draft.name.trim() === '' ? 'Give the group a name' : null
}

export interface GroupProfileFieldsProps {
  value: GroupProfileDraft
  onChange: (value: GroupProfileDraft) => void
  /** Colour of the generated avatar (a new group has none yet: any calm hue). */
  hue: number
  /** Show the missing-name error (after a submit). */
  showErrors: boolean
  disabled?: boolean
}

/** "Group name", "Purpose", "Description" and "Avatar". */
export function GroupProfileFields({ value, onChange, hue, showErrors, disabled = false }: GroupProfileFieldsProps) {
  const set = (patch: Partial<GroupProfileDraft>) => onChange({ ...value, ...patch })
  return (
    <Stack gap="sm">
      <TextInput
        label="Group name"
        value={value.name}
        onChange={(event) => set({ name: event.currentTarget.value })}
        maxLength={GROUP_LIMITS.name}
        error={showErrors ? profileNameError(value) : null}
        withAsterisk
        disabled={disabled}
        data-autofocus
      />
      <TextInput
        label="Purpose"
        description="One line under the name: what the group is for."
        value={value.purpose}
        onChange={(event) => set({ purpose: event.currentTarget.value })}
        maxLength={GROUP_LIMITS.purpose}
        disabled={disabled}
      />
      <Textarea
        label="Description"
        description="Optional. Anything members should know: who it is for, how it works."
        value={value.description}
        onChange={(event) => set({ description: event.currentTarget.value })}
        maxLength={GROUP_LIMITS.description}
        autosize
        minRows={2}
        maxRows={8}
        disabled={disabled}
      />
      <AvatarPicker value={value.avatar} onChange={(avatar) => set({ avatar })} name={value.name} hue={hue} disabled={disabled} />
    </Stack>
  )
}
