import { createHashRouter, Navigate } from 'react-router'
import type { Connection } from '../api/connection'
import { CreateIdentityPage } from '../features/onboarding/CreateIdentityPage'
import { RestorePage } from '../features/onboarding/RestorePage'
import { WelcomePage } from '../features/onboarding/WelcomePage'
import { ContactDetailPage } from '../features/contacts/ContactDetailPage'
import { ContactsPage } from '../features/contacts/ContactsPage'
import { HomePage } from '../features/home/HomePage'
import { InvitesPage } from '../features/invites/InvitesPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { UnlockPage } from '../features/unlock/UnlockPage'
import { AppLayout } from './AppLayout'
import { ConnectionRoot } from './ConnectionRoot'
import { CrashScreen } from './CrashScreen'
import { VaultGate } from './VaultGate'
import { ROUTES } from './vault-routes'

/**
 * A hash router: the same build is loaded from file:// (desktop) and from
 * `planet serve` (browser), and neither serves deep links. index.tsx takes the
 * `#token=…` out of the URL before this router reads it.
 */
export function createAppRouter(connection: Connection) {
  return createHashRouter([
    {
      element: <ConnectionRoot connection={connection} />,
      errorElement: <CrashScreen />,
      children: [
        {
          element: <VaultGate />,
          children: [
            { path: ROUTES.welcome, element: <WelcomePage /> },
            { path: ROUTES.create, element: <CreateIdentityPage /> },
            { path: ROUTES.restore, element: <RestorePage /> },
            { path: ROUTES.unlock, element: <UnlockPage /> },
            {
              element: <AppLayout />,
              children: [
                { path: ROUTES.home, element: <HomePage /> },
                {
                  // Chats (with the Markdown renderer) load on first visit: the start-up bundle stays small.
                  path: ROUTES.chats,
                  lazy: async () => ({ Component: (await import('../features/chats/ChatsPage')).ChatsPage }),
                  children: [
                    { index: true, lazy: async () => ({ Component: (await import('../features/chats/ChatsPage')).NoConversation }) },
                    { path: ':conversationId', lazy: async () => ({ Component: (await import('../features/chats/ConversationView')).ConversationRoute }) },
                  ],
                },
                // Groups load on first visit too (they reuse the chat components).
                { path: ROUTES.groups, lazy: async () => ({ Component: (await import('../features/groups/GroupsPage')).GroupsPage }) },
                { path: ROUTES.newGroup, lazy: async () => ({ Component: (await import('../features/groups/NewGroupPage')).NewGroupPage }) },
                {
                  // /groups/<id>, /groups/<id>/<tab>, /groups/<id>/discuss/<thread>: one page; it reads the tab and thread from the rest of the path.
                  path: `${ROUTES.groups}/:groupId/*`,
                  lazy: async () => ({ Component: (await import('../features/groups/GroupPage')).GroupRoute }),
                },
                {
                  // /feeds, /feeds/following, /feeds/blog, /feeds/post/<author>/<post>, …: one page that reads the view from the rest of the path (feeds-location.ts).
                  path: `${ROUTES.feeds}/*`,
                  lazy: async () => ({ Component: (await import('../features/feeds/FeedsPage')).FeedsRoute }),
                },
                {
                  // /docs and /docs/<folder>/<folder>: one page that reads the folder from the rest of the path (docs-location.ts).
                  path: `${ROUTES.docs}/*`,
                  lazy: async () => ({ Component: (await import('../features/docs/DocsPage')).DocsRoute }),
                },
                { path: ROUTES.contacts, element: <ContactsPage /> },
                { path: `${ROUTES.contacts}/:id`, element: <ContactDetailPage /> },
                { path: ROUTES.invites, element: <InvitesPage /> },
                { path: ROUTES.settings, element: <SettingsPage /> },
              ],
            },
            { path: '*', element: <Navigate to={ROUTES.home} replace /> },
          ],
        },
      ],
    },
  ])
}
