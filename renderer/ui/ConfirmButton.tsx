import { Button } from '@mantine/core'
import type { ButtonProps } from '@mantine/core'
import type { ReactNode } from 'react'
import { useState } from 'react'
import type { ConfirmCommandProps } from './ConfirmCommand'
import { ConfirmCommand } from './ConfirmCommand'

export interface ConfirmButtonProps<Input> {
  /** The button's words, said again by the dialog's confirm button ("Leave group"). */
  label: string
  /** How the button looks: variant, colour, size, icon. */
  buttonProps?: ButtonProps
  /** The dialog's question ("Leave Garden club?"). */
  title: string
  /** Red in the dialog too: it cannot be undone. */
  danger?: boolean
  /** The command the dialog runs, and its input. */
  command: ConfirmCommandProps<Input>['command']
  input: Input
  /** What will happen, and what will not. */
  children: ReactNode
}

/** A button for something that cannot be taken back: it asks first, and only the dialog's button runs the command. */
export function ConfirmButton<Input>({ label, buttonProps, title, danger = false, command, input, children }: ConfirmButtonProps<Input>) {
  const [confirming, setConfirming] = useState(false)
  return (
    <>
      <Button {...buttonProps} onClick={() => setConfirming(true)}>
        {label}
      </Button>
      <ConfirmCommand
        input={confirming ? input : null}
        onClose={() => setConfirming(false)}
        command={command}
        title={title}
        confirmLabel={label}
        danger={danger}
      >
        {children}
      </ConfirmCommand>
    </>
  )
}
