import { Radio, Stack } from '@mantine/core'
import type { GroupMode, GroupVisibility } from '../../../shared/domain/groups'
import { MODE_OPTIONS, VISIBILITY_OPTIONS } from './group-labels'

export interface ModeVisibilityFieldsProps {
  mode: GroupMode
  onModeChange: (mode: GroupMode) => void
  visibility: GroupVisibility
  onVisibilityChange: (visibility: GroupVisibility) => void
  disabled?: boolean
}

/** "Mode" and "Visibility" as radio groups, each choice with one line on what it means. */
export function ModeVisibilityFields({ mode, onModeChange, visibility, onVisibilityChange, disabled = false }: ModeVisibilityFieldsProps) {
  return (
    <Stack gap="md">
      <Radio.Group<GroupMode> label="Mode" description="Which tools the group has. You can change it later." value={mode} onChange={onModeChange}>
        <Stack gap="xs" mt="xs">
          {MODE_OPTIONS.map((option) => (
            <Radio key={option.value} value={option.value} label={option.label} description={option.description} disabled={disabled} />
          ))}
        </Stack>
      </Radio.Group>
      <Radio.Group<GroupVisibility>
        label="Visibility"
        description="How people get in. You can change it later."
        value={visibility}
        onChange={onVisibilityChange}
      >
        <Stack gap="xs" mt="xs">
          {VISIBILITY_OPTIONS.map((option) => (
            <Radio key={option.value} value={option.value} label={option.label} description={option.description} disabled={disabled} />
          ))}
        </Stack>
      </Radio.Group>
    </Stack>
  )
}
