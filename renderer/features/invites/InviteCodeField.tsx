import { Loader, Text, TextInput } from '@mantine/core'
import type { InviteCheck } from './use-invite-check'

export interface InviteCodeFieldProps {
  value: string
  onChange: (value: string) => void
  check: InviteCheck
  /** Show "Paste the invite…" as an error (after a submit with an empty field). */
  required?: boolean
  disabled?: boolean
  autoFocus?: boolean
  description?: string
}

/** The "Invite code or link" field, with what invites.check says about it as the person types. */
export function InviteCodeField({ value, onChange, check, required = false, disabled, autoFocus, description }: InviteCodeFieldProps) {
  const error = check.status === 'invalid' ? check.message : required && check.status === 'empty' ? 'Paste the invite code or link you were sent' : null
  return (
    <div>
      <TextInput
        label="Invite code or link"
        description={description ?? 'The code (groups of five characters) or the planet://invite/… link you were sent.'}
        placeholder="planet://invite/… or XXXXX-XXXXX-…"
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={error}
        rightSection={check.status === 'checking' ? <Loader size={16} aria-hidden="true" /> : null}
        maxLength={1000}
        autoComplete="off"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        disabled={disabled}
        data-autofocus={autoFocus || undefined}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        inputWrapperOrder={['label', 'description', 'input', 'error']}
      />
      <Text size="xs" c={check.status === 'valid' ? 'teal' : 'dimmed'} aria-live="polite" mt={4} mih={18}>
        {check.status === 'valid' ? validText(check.kind) : check.status === 'checking' ? 'Checking the code…' : ''}
      </Text>
    </div>
  )
}

function validText(kind: 'contact' | 'group' | null): string {
  return kind === 'group' ? '✓ This is a group link: accepting it joins the group.' : '✓ This is a valid invite code.'
}
