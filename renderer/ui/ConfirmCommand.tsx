import type { UseMutationResult } from '@tanstack/react-query'
import type { ConfirmModalProps } from './ConfirmModal'
import { ConfirmModal } from './ConfirmModal'

export interface ConfirmCommandProps<Input> extends Omit<ConfirmModalProps, 'opened' | 'onClose' | 'onConfirm' | 'loading' | 'error'> {
  /** What the command runs with once confirmed; null while nothing is being asked. */
  input: Input | null
  /** Forget what was being asked (Cancel, Escape, or the command succeeded). */
  onClose: () => void
  /** The command: it spins the confirm button, and its error shows in the dialog until it closes. */
  command: Pick<UseMutationResult<unknown, unknown, Input>, 'mutate' | 'isPending' | 'error' | 'reset'>
}

/**
 * A ConfirmModal bound to a command: open while there is an input, the
 * confirm button runs the command with it, success closes the dialog, and
 * closing it clears the command's error so the next time starts clean.
 */
export function ConfirmCommand<Input>({ input, onClose, command, ...modal }: ConfirmCommandProps<Input>) {
  return (
    <ConfirmModal
      {...modal}
      opened={input !== null}
      onClose={() => {
        onClose()
        command.reset()
      }}
      loading={command.isPending}
      error={command.error}
      onConfirm={() => input !== null && command.mutate(input, { onSuccess: onClose })}
    />
  )
}
