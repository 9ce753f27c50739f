import { TextInput } from '@mantine/core'
import { useState } from 'react'
import { displayName as displayNameSchema } from '../../../shared/domain/identity'
import { fieldError } from '../../ui/field-error'
import { PassphraseFields } from '../../ui/PassphraseFields'
import { validatePassphrasePair } from '../../ui/passphrase-strength'

/** What both onboarding paths (create, restore) ask for besides the phrase: a name and a new passphrase. */
export interface NameAndPassphrase {
  name: string
  setName: (value: string) => void
  passphrase: string
  setPassphrase: (value: string) => void
  confirm: string
  setConfirm: (value: string) => void
  /** Set after the first submit attempt: from then on every problem shows. */
  showErrors: boolean
  /** Call on submit: shows every error and says whether these fields are ready to send. */
  validate: () => boolean
  /** The values as the core wants them. */
  values: () => { displayName: string; passphrase: string }
}

export function useNameAndPassphrase(): NameAndPassphrase {
  const [name, setName] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [confirm, setConfirm] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  return {
    name,
    setName,
    passphrase,
    setPassphrase,
    confirm,
    setConfirm,
    showErrors,
    validate: () => {
      setShowErrors(true)
      const pair = validatePassphrasePair(passphrase, confirm)
      return !nameError(name) && !pair.passphrase && !pair.confirm
    },
    values: () => ({ displayName: name.trim(), passphrase }),
  }
}

function nameError(name: string): string | null {
  return fieldError(displayNameSchema, name, 'Enter a name')
}

export function NameAndPassphraseFields({ form, nameDescription, autoFocus = false, disabled }: { form: NameAndPassphrase; nameDescription: string; autoFocus?: boolean; disabled: boolean }) {
  return (
    <>
      <TextInput
        label="Your name"
        description={nameDescription}
        value={form.name}
        onChange={(event) => form.setName(event.currentTarget.value)}
        error={form.showErrors ? nameError(form.name) : null}
        autoComplete="name"
        maxLength={80}
        required
        withAsterisk={false}
        data-autofocus={autoFocus || undefined}
        disabled={disabled}
      />
      <PassphraseFields
        passphrase={form.passphrase}
        confirm={form.confirm}
        onPassphraseChange={form.setPassphrase}
        onConfirmChange={form.setConfirm}
        showErrors={form.showErrors}
        disabled={disabled}
      />
    </>
  )
}
