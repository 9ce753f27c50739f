import { Box, PasswordInput, Progress, Stack, Text } from '@mantine/core'
import { passphraseStrength, validatePassphrasePair } from './passphrase-strength'

export interface PassphraseFieldsProps {
  passphrase: string
  confirm: string
  onPassphraseChange: (value: string) => void
  onConfirmChange: (value: string) => void
  /** Show every problem, not only the obvious ones (set after a submit attempt). */
  showErrors: boolean
  label?: string
  confirmLabel?: string
  disabled?: boolean
}

/** A new passphrase typed twice, with a strength hint. The parent owns the values and decides when to submit. */
export function PassphraseFields({
  passphrase,
  confirm,
  onPassphraseChange,
  onConfirmChange,
  showErrors,
  label = 'Passphrase',
  confirmLabel = 'Confirm passphrase',
  disabled,
}: PassphraseFieldsProps) {
  const errors = validatePassphrasePair(passphrase, confirm)
  const strength = passphraseStrength(passphrase)
  // While typing the confirmation, only complain once it cannot become a match.
  const confirmError = showErrors || (confirm.length > 0 && !passphrase.startsWith(confirm)) ? errors.confirm : null

  return (
    <Stack gap="sm">
      <Box>
        <PasswordInput
          label={label}
          description="Unlocks PLANET on this device. It cannot be reset, so pick one you will remember."
          value={passphrase}
          onChange={(event) => onPassphraseChange(event.currentTarget.value)}
          error={showErrors ? errors.passphrase : null}
          autoComplete="new-password"
          disabled={disabled}
          required
          withAsterisk={false}
        />
        {/* The meter is a hint while typing; once the field shows an error, the error says it. */}
        {passphrase.length > 0 && !(showErrors && errors.passphrase) && (
          <Box mt={6} aria-live="polite">
            <Progress value={(strength.score / 4) * 100} color={strength.color} size="xs" aria-label="Passphrase strength" />
            <Text size="xs" c="dimmed" mt={4}>
              Strength: {strength.label}
            </Text>
          </Box>
        )}
      </Box>
      <PasswordInput
        label={confirmLabel}
        value={confirm}
        onChange={(event) => onConfirmChange(event.currentTarget.value)}
        error={confirmError}
        autoComplete="new-password"
        disabled={disabled}
        required
        withAsterisk={false}
      />
    </Stack>
  )
}
