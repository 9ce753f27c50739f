import { Badge, Button, Group, Modal } from '@mantine/core'
import type { ReactNode } from 'react'
import { useState } from 'react'
import { CardList } from '../../ui/CardList'
import type { ConfirmCommandProps } from '../../ui/ConfirmCommand'
import { ConfirmCommand } from '../../ui/ConfirmCommand'
import { StatusRow } from '../../ui/StatusRow'

/** How one code shows in the list right now. */
export interface SharedCodeRow {
  name: string
  statusLabel: string
  statusColor: string
  /** It still works: Show and Revoke are offered. */
  active: boolean
  /** The dimmed line: uses, when it expires or ended. */
  summary: ReactNode
}

export interface SharedCodeListProps<Code extends { id: string }, Input> {
  codes: readonly Code[]
  /** The list's accessible name. */
  label: string
  row: (code: Code) => SharedCodeRow
  /** What Show opens: the code and link again, to copy. */
  details: (code: Code) => ReactNode
  /** The Show dialog's title while it closes (the code is gone by then). */
  detailsTitle: string
  /** Name Show and Revoke after the code ("Revoke Link …AB12C"), where many rows read alike. */
  namedButtons?: boolean
  /** Revoking: the mutation, its input for a code, and the confirmation's words. */
  revoke: ConfirmCommandProps<Input>['command']
  revokeInput: (code: Code) => Input
  revokeTitle: string
  revokeLabel: string
  /** What revoking does; given the code being revoked (null while the dialog closes). */
  revokeText: (code: Code | null) => ReactNode
}

/**
 * Codes I made for others to use (invites, group links): each with its
 * status, and while it still works Show (to copy it again) and Revoke (after
 * a confirmation). The caller says what a row reads and what revoking calls.
 */
export function SharedCodeList<Code extends { id: string }, Input>({
  codes,
  label,
  row,
  details,
  detailsTitle,
  namedButtons = false,
  revoke,
  revokeInput,
  revokeTitle,
  revokeLabel,
  revokeText,
}: SharedCodeListProps<Code, Input>) {
  const [shown, setShown] = useState<Code | null>(null)
  const [revoking, setRevoking] = useState<Code | null>(null)

  return (
    <>
      <CardList label={label}>
        {codes.map((code) => {
          const { name, statusLabel, statusColor, active, summary } = row(code)
          return (
            <StatusRow
              key={code.id}
              title={name}
              status={
                <Badge size="sm" variant="light" color={statusColor}>
                  {statusLabel}
                </Badge>
              }
              actions={
                active && (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" aria-label={namedButtons ? `Show ${name}` : undefined} onClick={() => setShown(code)}>
                      Show
                    </Button>
                    <Button size="xs" variant="light" color="red" aria-label={namedButtons ? `Revoke ${name}` : undefined} onClick={() => setRevoking(code)}>
                      Revoke
                    </Button>
                  </Group>
                )
              }
            >
              {summary}
            </StatusRow>
          )
        })}
      </CardList>

      <Modal opened={shown !== null} onClose={() => setShown(null)} title={shown ? row(shown).name : detailsTitle} size="lg" centered>
        {shown && details(shown)}
      </Modal>

      <ConfirmCommand
        input={revoking && revokeInput(revoking)}
        onClose={() => setRevoking(null)}
        command={revoke}
        title={revokeTitle}
        confirmLabel={revokeLabel}
        danger
      >
        {revokeText(revoking)}
      </ConfirmCommand>
    </>
  )
}
