import { Badge, Button, Stack, Switch, Text, TextInput } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { CardList } from '../../ui/CardList'
import { ConfirmCommand } from '../../ui/ConfirmCommand'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime } from '../../ui/format-time'
import { GlobeIcon } from '../../ui/icons'
import { QueryList } from '../../ui/QueryList'
import { StatusRow } from '../../ui/StatusRow'
import { describeRelay } from './relay-status'

type Relay = MethodOutput<'relays.listGroupRelays'>[number]

/** How often the page asks again whether each relay is reachable and in sync. */
const STATUS_REFRESH_MS = 15_000

/**
 * A group's community relays: always-on devices that keep the group's
 * encrypted data available while members are apart. Everyone sees them and
 * whether each is reachable and in sync; admins add one by its code and remove it.
 */
export function GroupRelays({ groupId, admin }: { groupId: string; admin: boolean }) {
  const relays = useApiQuery('relays.listGroupRelays', { groupId }, { refetchInterval: STATUS_REFRESH_MS })
  const remove = useApiMutation('relays.removeGroupRelay')
  const [removing, setRemoving] = useState<Relay | null>(null)

  return (
    <Stack gap="sm">
      {admin && <AddRelayForm groupId={groupId} />}
      <QueryList
        query={relays}
        loading={{ label: 'Loading relays', rows: 1, height: 56 }}
        empty={{
          icon: <GlobeIcon size={26} />,
          title: 'No relays',
          description: admin
            ? 'Someone in your community can run “planet relay” on an always-on computer and give you its code: paste it above, and members who are rarely online at the same time still get each other’s messages.'
            : 'An admin can add a relay (an always-on computer running “planet relay”) so members who are rarely online together still sync.',
        }}
      >
        {(items) => (
          <CardList label="Relays">
            {items.map((relay) => (
              <RelayRow key={relay.relayKey} relay={relay} admin={admin} onRemove={() => setRemoving(relay)} />
            ))}
          </CardList>
        )}
      </QueryList>
      <ShareDmsSetting />
      <ConfirmCommand
        input={removing === null ? null : { groupId, relayKey: removing.relayKey }}
        onClose={() => setRemoving(null)}
        command={remove}
        title="Remove this relay?"
        confirmLabel="Remove relay"
        danger
      >
        Members’ apps stop asking it to keep this group. It keeps the encrypted copy it already holds until its operator clears it.
      </ConfirmCommand>
    </Stack>
  )
}

function RelayRow({ relay, admin, onRemove }: { relay: Relay; admin: boolean; onRemove: () => void }) {
  const { badge, color, detail } = describeRelay(relay.status)
  const name = `Relay ${relay.relayKey.slice(0, 8)}…${relay.relayKey.slice(-4)}`
  return (
    <StatusRow
      title={name}
      status={
        <Badge color={color} variant="light" aria-label={`${name}: ${badge}`}>
          {badge}
        </Badge>
      }
      actions={
        admin ? (
          <Button size="compact-sm" variant="light" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
            Remove
          </Button>
        ) : undefined
      }
    >
      {detail} Added by {relay.addedByName}
      {relay.status.checkedAt !== null ? ` · checked ${formatDateTime(relay.status.checkedAt)}` : ''}.
    </StatusRow>
  )
}

function AddRelayForm({ groupId }: { groupId: string }) {
  const [code, setCode] = useState('')
  const add = useApiMutation('relays.addGroupRelay', { onSuccess: () => setCode('') })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (code.trim() === '') return
    add.mutate({ groupId, code: code.trim() })
  }

  return (
    <ActionForm label="Add a relay" onSubmit={submit} error={add.error} submitLabel="Add relay" pending={add.isPending}>
      <TextInput
        label="Relay code"
        description="The code the relay prints when it starts (planet://relay/…). Members learn it: treat it like an invite."
        placeholder="planet://relay/…"
        value={code}
        onChange={(event) => setCode(event.currentTarget.value)}
        maxLength={200}
        disabled={add.isPending}
      />
    </ActionForm>
  )
}

function ShareDmsSetting() {
  const settings = useApiQuery('relays.getSettings', {})
  const save = useApiMutation('relays.setSettings')
  return (
    <Stack gap={4}>
      <Switch
        label="Also keep my direct messages with fellow members on my groups’ relays"
        description="Off by default. The relay sees only encrypted data, but its operator could tell when you message whom."
        checked={settings.data?.shareDms ?? false}
        disabled={settings.isPending || save.isPending}
        onChange={(event) => save.mutate({ shareDms: event.currentTarget.checked })}
      />
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {settings.isError ? <Text size="xs" c="red">Could not read the setting.</Text> : null}
    </Stack>
  )
}
