import { Button, Textarea } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { POST_LIMITS } from '../../../shared/domain/posts'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'

/**
 * Reshare a feed entry with an optional comment. The original goes along
 * whole, with every signature, and mine is added around it (the chain of
 * custody readers see).
 */
export function ReshareButton({ entryKey }: { entryKey: string }) {
  const [open, setOpen] = useState(false)
  const [comment, setComment] = useState('')
  const reshare = useApiMutation('feeds.reshare', {
    onSuccess: () => {
      setOpen(false)
      setComment('')
    },
  })
  if (!open) {
    return (
      <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)} style={{ alignSelf: 'flex-start' }}>
        Reshare
      </Button>
    )
  }
  function submit(event: FormEvent) {
    event.preventDefault()
    reshare.mutate({ key: entryKey, comment })
  }
  return (
    <ActionForm
      label="Reshare"
      onSubmit={submit}
      error={reshare.error}
      submitLabel="Reshare to my followers"
      pending={reshare.isPending}
      cancel={
        <Button variant="default" onClick={() => setOpen(false)} disabled={reshare.isPending}>
          Cancel
        </Button>
      }
    >
      <Textarea
        label="Your comment (optional)"
        description="Signed with your DID around the original, which keeps its own signatures."
        value={comment}
        onChange={(event) => setComment(event.currentTarget.value)}
        maxLength={POST_LIMITS.comment}
        autosize
        minRows={1}
        maxRows={6}
        disabled={reshare.isPending}
      />
    </ActionForm>
  )
}
