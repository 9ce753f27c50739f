import { Button, Group, Stack } from '@mantine/core'
import type { MantineSpacing } from '@mantine/core'
import type { FormEvent, ReactNode } from 'react'
import { ErrorAlert } from './ErrorAlert'

export interface ActionFormProps {
  /** The form's accessible name; a named form is a landmark screen readers can jump to. */
  label?: string
  onSubmit: (event: FormEvent<HTMLFormElement>) => void
  /** The space between the fields. */
  gap?: MantineSpacing
  /** Why the last submit failed, shown just above the buttons. */
  error?: unknown
  /** The submit button's words, named for what it does ("Create group"), and its icon. */
  submitLabel: string
  submitIcon?: ReactNode
  /** The command is running: the submit button spins. */
  pending: boolean
  /** Nothing to send (no change yet, a code known to be bad). */
  submitDisabled?: boolean
  /** A way out, before the submit button (Cancel). */
  cancel?: ReactNode
  children: ReactNode
}

/**
 * The frame of a form that sends one command: the fields, the command's
 * error, then the buttons at the bottom right. Validation is ours
 * (noValidate): the fields say what is wrong in words, not the browser's bubbles.
 */
export function ActionForm({ label, onSubmit, gap = 'sm', error, submitLabel, submitIcon, pending, submitDisabled, cancel, children }: ActionFormProps) {
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap={gap}>
        {children}
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end">
          {cancel}
          <Button type="submit" loading={pending} disabled={submitDisabled} leftSection={submitIcon}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
