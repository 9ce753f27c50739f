import { ConfirmModal } from '../../ui/ConfirmModal'
import type { MessageDeletion } from './use-message-actions'

/** "Delete this message?" — for everyone; a moderator deleting someone else's message is told whose it is. */
export function DeleteMessageModal({ deletion, inGroup = false }: { deletion: MessageDeletion; inGroup?: boolean }) {
  const message = deletion.message
  const theirs = message !== null && !message.mine
  return (
    <ConfirmModal
      opened={message !== null}
      onClose={deletion.close}
      title={theirs ? `Delete ${message.authorName}’s message?` : 'Delete this message?'}
      confirmLabel="Delete message"
      danger
      loading={deletion.pending}
      error={deletion.error}
      onConfirm={deletion.confirm}
    >
      {`It is deleted for everyone in this ${inGroup ? 'group' : 'conversation'}. They will see “This message was deleted”.`}
    </ConfirmModal>
  )
}
