import { NativeSelect } from '@mantine/core'
import { EXPIRY_OPTIONS } from './invite-options'

const DATA = EXPIRY_OPTIONS.map((option) => ({ value: option.value, label: option.label }))

export interface ExpirySelectProps {
  label: string
  description?: string
  /** Hours, as a string (what the select holds); Number() it for the command. */
  value: string
  onChange: (hours: string) => void
  disabled?: boolean
  maw?: number
}

/** How long a code works: the same three choices for invites and group links. */
export function ExpirySelect({ label, description, value, onChange, disabled, maw }: ExpirySelectProps) {
  return (
    <NativeSelect
      label={label}
      description={description}
      data={DATA}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      disabled={disabled}
      miw={160}
      maw={maw}
    />
  )
}
