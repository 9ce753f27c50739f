import { Anchor, Button, Group, NativeSelect, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link } from 'react-router'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { UserPlusIcon } from '../../ui/icons'

/**
 * Admins: invite one of my connected contacts who is not in the group yet.
 * The invitation travels in our direct conversation; they accept it there.
 */
export function InviteContactForm({ groupId }: { groupId: string }) {
  const contacts = useApiQuery('contacts.list', {})
  const members = useApiQuery('groups.listMembers', { groupId })
  const [contactId, setContactId] = useState('')
  const invite = useApiMutation('groups.inviteContact')

  if (contacts.isError) return <ErrorAlert error={contacts.error} onRetry={() => void contacts.refetch()} />
  if (!contacts.data || !members.data) return null

  const memberIds = new Set(members.data.map((member) => member.id))
  const candidates = contacts.data
    .filter((contact) => contact.status === 'connected' && !memberIds.has(contact.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' }))

  if (candidates.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {contacts.data.length === 0 ? 'You have no contacts yet. ' : 'All your connected contacts are already in this group. '}
        <Anchor component={Link} to={ROUTES.invites} inherit>
          Invite someone to PLANET
        </Anchor>{' '}
        first, or share a group link below.
      </Text>
    )
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const contact = candidates.find((candidate) => candidate.id === contactId)
    if (!contact) return
    invite.mutate(
      { groupId, contactId: contact.id },
      {
        onSuccess: () => {
          notifications.show({
            title: `Invitation sent to ${contact.displayName}`,
            message: 'They join once they accept it and you are both online.',
            color: 'teal',
          })
          setContactId('')
        },
      },
    )
  }

  return (
    <form onSubmit={submit} aria-label="Invite a contact">
      <Stack gap="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NativeSelect
            label="Contact to invite"
            value={contactId}
            onChange={(event) => {
              setContactId(event.currentTarget.value)
              invite.reset()
            }}
            data={[{ value: '', label: 'Choose a contact…', disabled: true }, ...candidates.map((contact) => ({ value: contact.id, label: contact.displayName }))]}
            disabled={invite.isPending}
            miw={240}
          />
          <Button type="submit" leftSection={<UserPlusIcon size={16} />} loading={invite.isPending} disabled={contactId === ''}>
            Send invitation
          </Button>
        </Group>
        {invite.error && <ErrorAlert error={invite.error} />}
      </Stack>
    </form>
  )
}
