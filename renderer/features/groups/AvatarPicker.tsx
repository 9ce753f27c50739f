import { Button, FileButton, Group, Input, Loader, Stack, Text } from '@mantine/core'
import { useId, useState } from 'react'
import { GroupAvatar } from './GroupAvatar'
import { AVATAR_PIXELS, AVATAR_TYPES } from './avatar-image'
import { AvatarError, scaleAvatar } from './scale-avatar'

export interface AvatarPickerProps {
  /** The chosen picture as a data: URL, or null for the generated avatar. */
  value: string | null
  onChange: (avatar: string | null) => void
  /** Shown on the generated avatar while there is no picture. */
  name: string
  hue: number
  disabled?: boolean
}

/**
 * "Avatar": a preview, "Choose a picture" (scaled to a small JPEG here, on a
 * canvas, before anything is sent) and "Remove picture".
 */
export function AvatarPicker({ value, onChange, name, hue, disabled = false }: AvatarPickerProps) {
  const labelId = useId()
  const [scaling, setScaling] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function pick(file: File | null) {
    if (!file) return
    setError(null)
    setScaling(true)
    try {
      onChange(await scaleAvatar(file))
    } catch (caught) {
      setError(caught instanceof AvatarError ? caught.message : 'PLANET could not use that picture. Try another one.')
    } finally {
      setScaling(false)
    }
  }

  return (
    <Input.Wrapper
      label="Avatar"
      labelElement="div"
      id={labelId}
      description={`Optional. Scaled to ${AVATAR_PIXELS}×${AVATAR_PIXELS} pixels on this device before it is shared with the members.`}
      error={error}
    >
      <Group gap="md" mt={6} role="group" aria-labelledby={`${labelId}-label`}>
        <GroupAvatar name={name || '?'} avatar={value} hue={hue} size={56} />
        <Stack gap={4}>
          <Group gap="xs">
            <FileButton onChange={(file) => void pick(file)} accept={AVATAR_TYPES.join(',')} disabled={disabled || scaling}>
              {(props) => (
                <Button {...props} size="xs" variant="default" disabled={disabled || scaling}>
                  {value ? 'Choose another picture' : 'Choose a picture'}
                </Button>
              )}
            </FileButton>
            {value && (
              <Button size="xs" variant="subtle" color="gray" onClick={() => onChange(null)} disabled={disabled || scaling}>
                Remove picture
              </Button>
            )}
          </Group>
          {scaling && (
            <Group gap={6} role="status" aria-live="polite">
              <Loader size={14} aria-hidden="true" />
              <Text size="xs" c="dimmed">
                Preparing the picture…
              </Text>
            </Group>
          )}
        </Stack>
      </Group>
    </Input.Wrapper>
  )
}
