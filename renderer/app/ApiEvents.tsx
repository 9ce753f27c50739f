import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../api/hooks'
import { apiQueryKey } from '../api/query-keys'
import { markVaultLocked } from '../api/vault-cache'
import { AlertEvents } from '../features/alerts/AlertEvents'
import { ChatEvents } from '../features/chats/ChatEvents'
import { ContactEvents } from '../features/contacts/ContactEvents'
import { DocsEvents } from '../features/docs/DocsEvents'
import { FeedsEvents } from '../features/feeds/FeedsEvents'
import { FoldersEvents } from '../features/folders/FoldersEvents'
import { GroupsEvents } from '../features/groups/GroupsEvents'
import { InviteEvents } from '../features/invites/InviteEvents'
import { NetworkEvents } from '../features/network/NetworkEvents'

const LOCK_MESSAGES: Record<string, string | undefined> = {
  idle: 'PLANET locked itself after a while without activity.',
  'passphrase-changed': 'Your passphrase was changed. Unlock with the new one.',
}

/**
 * Core events → cache. The router reacts to the cache (VaultGate), so a lock
 * from anywhere (the idle timer, another window) lands on the unlock screen.
 * Each feature registers its own events beside its code (features/<area>/<Area>Events.tsx).
 */
export function ApiEvents() {
  const queryClient = useQueryClient()

  useApiEvent('vault.onLocked', ({ reason }) => {
    markVaultLocked(queryClient)
    const message = LOCK_MESSAGES[reason]
    if (message) notifications.show({ id: 'vault-locked', title: 'PLANET is locked', message, color: 'gray' })
  })
  useApiEvent('vault.onUnlocked', () => {
    void queryClient.invalidateQueries()
  })
  useApiEvent('identity.onProfileUpdated', () => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('identity.get') })
  })

  return (
    <>
      <NetworkEvents />
      <InviteEvents />
      <ContactEvents />
      <ChatEvents />
      <GroupsEvents />
      <FeedsEvents />
      <DocsEvents />
      <FoldersEvents />
      <AlertEvents />
    </>
  )
}
