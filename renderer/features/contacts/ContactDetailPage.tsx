import { Anchor, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { LIMITS } from '../../../shared/domain/people'
import { RpcError } from '../../../shared/rpc/errors'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'
import { chatPath, ROUTES, validId } from '../../app/vault-routes'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDate } from '../../ui/format-time'
import { ArrowLeftIcon, BlockIcon, ChatIcon, TrashIcon } from '../../ui/icons'
import { SectionCard } from '../../ui/SectionCard'
import { useNow } from '../../ui/use-now'
import { DidField } from '../identity/DidField'
import { ContactAvatar } from './ContactAvatar'
import { ContactStatusBadge } from './ContactStatusBadge'
import { PresenceDot } from './PresenceDot'
import { presenceText } from './contact-format'

type Contact = MethodOutput<'contacts.get'>

/** One contact: who they are, how you met, your private notes, and what you can do (message, block, remove). */
export function ContactDetailPage() {
  const params = useParams()
  const id = validId(params.id)
  const contact = useApiQuery('contacts.get', { id: id ?? '' }, { enabled: id !== null })

  return (
    <Stack maw={760} gap="lg">
      <Anchor component={Link} to={ROUTES.contacts} size="sm" style={{ alignSelf: 'flex-start' }}>
        <Group gap={4} component="span">
          <ArrowLeftIcon size={14} /> All contacts
        </Group>
      </Anchor>
      {id === null ? (
        <ErrorAlert error={new RpcError('CONTACT_NOT_FOUND', '')} />
      ) : contact.isError ? (
        <ErrorAlert error={contact.error} onRetry={() => void contact.refetch()} />
      ) : contact.isPending ? (
        <Stack gap="lg" aria-busy="true" aria-label="Loading contact">
          <Skeleton h={80} radius="lg" />
          <Skeleton h={200} radius="lg" />
        </Stack>
      ) : (
        <ContactDetail contact={contact.data} />
      )}
    </Stack>
  )
}

function ContactDetail({ contact }: { contact: Contact }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const now = useNow(60_000)
  const [confirm, setConfirm] = useState<'block' | 'remove' | null>(null)

  const block = useApiMutation('contacts.block', {
    onSuccess: () => {
      setConfirm(null)
      notifications.show({ title: `${contact.displayName} is blocked`, message: 'Their devices are refused. You can unblock them here.', color: 'gray' })
    },
  })
  const unblock = useApiMutation('contacts.unblock', {
    onSuccess: () => notifications.show({ title: `${contact.displayName} is unblocked`, message: 'You can message each other again.', color: 'teal' }),
  })
  const remove = useApiMutation('contacts.remove', {
    // Not the default refetch-everything: this contact's page would ask for a contact that is gone.
    invalidate: false,
    onSuccess: () => {
      setConfirm(null)
      navigate(ROUTES.contacts, { replace: true })
      queryClient.removeQueries({ queryKey: apiQueryKey('contacts.get', { id: contact.id }) })
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('contacts.list') })
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.listConversations') })
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('alerts.getBadge') })
      notifications.show({ title: `${contact.displayName} was removed`, message: 'To talk again, one of you sends a new invite.', color: 'gray' })
    },
  })

  const blocked = contact.status === 'blocked'
  return (
    <>
      <Card withBorder radius="lg" padding="lg">
        <Group gap="lg" wrap="nowrap" align="flex-start">
          <ContactAvatar name={contact.displayName} hue={contact.avatarHue} size={72} />
          <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
            <Group gap="sm" wrap="wrap">
              <Title order={1} fz={26} style={{ wordBreak: 'break-word' }}>
                {contact.displayName}
              </Title>
              <ContactStatusBadge status={contact.status} />
            </Group>
            <Group gap={6}>
              <PresenceDot online={contact.online} />
              <Text size="sm" c="dimmed">
                {presenceText(contact, now)}
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={contact.bio ? undefined : 'dimmed'}>
              {contact.bio || 'No bio yet.'}
            </Text>
            <Group gap="sm" mt="xs">
              {contact.conversationId ? (
                <Button component={Link} to={chatPath(contact.conversationId)} leftSection={<ChatIcon size={16} />}>
                  Message
                </Button>
              ) : (
                <Button leftSection={<ChatIcon size={16} />} disabled>
                  Message
                </Button>
              )}
              {blocked ? (
                <Button variant="default" loading={unblock.isPending} onClick={() => unblock.mutate({ id: contact.id })}>
                  Unblock
                </Button>
              ) : (
                <Button variant="default" leftSection={<BlockIcon size={16} />} onClick={() => setConfirm('block')}>
                  Block
                </Button>
              )}
              <Button variant="subtle" color="red" leftSection={<TrashIcon size={16} />} onClick={() => setConfirm('remove')}>
                Remove contact
              </Button>
            </Group>
            {unblock.error && <ErrorAlert error={unblock.error} />}
          </Stack>
        </Group>
      </Card>

      <SectionCard title="About this connection">
        <Stack gap="md">
          <DidField did={contact.did} label="Their DID" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <Fact label="Connected since">
              {contact.connectedSince !== null ? formatDate(contact.connectedSince) : 'Not yet — waiting for their PLANET to confirm'}
            </Fact>
            <Fact label="How you met">{contact.invitedBy === 'me' ? 'You invited them' : 'They invited you'}</Fact>
          </SimpleGrid>
        </Stack>
      </SectionCard>

      <SectionCard title="Private notes" description={`Only on this device: never sent to ${contact.displayName}.`}>
        {/* Keyed by the saved notes: a save from another window resets the field. */}
        <NotesForm key={contact.notes} contact={contact} />
      </SectionCard>

      <ConfirmModal
        opened={confirm === 'block'}
        onClose={() => {
          setConfirm(null)
          block.reset()
        }}
        title={`Block ${contact.displayName}?`}
        confirmLabel="Block"
        danger
        loading={block.isPending}
        error={block.error}
        onConfirm={() => block.mutate({ id: contact.id })}
      >
        Their devices are refused and their messages hidden. Your conversation history stays, and you can unblock them at any time.
      </ConfirmModal>
      <ConfirmModal
        opened={confirm === 'remove'}
        onClose={() => {
          setConfirm(null)
          remove.reset()
        }}
        title={`Remove ${contact.displayName}?`}
        confirmLabel="Remove contact"
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: contact.id })}
      >
        {`${contact.displayName}'s devices can no longer connect to you, and your conversation is deleted from this device. To talk again, one of you sends a new invite.`}
      </ConfirmModal>
    </>
  )
}

function Fact({ label, children }: { label: string; children: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  )
}

function NotesForm({ contact }: { contact: Contact }) {
  const [notes, setNotes] = useState(contact.notes)
  const save = useApiMutation('contacts.setNotes', {
    onSuccess: () => notifications.show({ title: 'Notes saved', message: 'They stay on this device.', color: 'teal' }),
  })
  const tooLong = notes.length > LIMITS.contactNotes

  function submit(event: FormEvent) {
    event.preventDefault()
    if (tooLong || notes === contact.notes) return
    save.mutate({ id: contact.id, notes })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Textarea
          label="Private notes"
          description={`${notes.length}/${LIMITS.contactNotes}`}
          placeholder="Where you met, their birthday, what you lent them…"
          value={notes}
          onChange={(event) => setNotes(event.currentTarget.value)}
          error={tooLong ? `Use at most ${LIMITS.contactNotes} characters` : null}
          autosize
          minRows={3}
          maxRows={10}
        />
        {save.error && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={save.isPending} disabled={tooLong || notes === contact.notes}>
            Save notes
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
