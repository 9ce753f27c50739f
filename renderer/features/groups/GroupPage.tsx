import { Anchor, Badge, Box, Paper, Skeleton, Stack, Tabs, VisuallyHidden } from '@mantine/core'
import { Link, useNavigate, useParams } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import type { GroupTab } from '../../../shared/domain/groups'
import { groupTabs } from '../../../shared/domain/groups'
import { RpcError } from '../../../shared/rpc/errors'
import { useApiQuery } from '../../api/hooks'
import { groupPath, ROUTES, validId } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { useNow } from '../../ui/use-now'
import { AttachmentProgressProvider } from '../chats/AttachmentProgress'
import { useChatCache } from '../chats/chat-cache'
import { GroupHeader } from './GroupHeader'
import { GroupNotices } from './GroupNotices'
import { GroupTabPanel } from './GroupTabPanel'
import { TAB_LABEL } from './group-labels'
import { parseGroupLocation } from './group-location'
import { groupPermissions } from './group-permissions'

type Group = MethodOutput<'groups.get'>

/** /groups/:groupId/* — keyed by the id, so switching groups starts fresh (composers, drafts, open menus). */
export function GroupRoute() {
  const params = useParams()
  const id = validId(params.groupId)
  if (id === null) return <GroupError error={new RpcError('GROUP_NOT_FOUND', '')} />
  return <GroupLoader key={id} groupId={id} rest={params['*'] ?? ''} />
}

function GroupLoader({ groupId, rest }: { groupId: string; rest: string }) {
  const group = useApiQuery('groups.get', { groupId })
  if (group.isError) return <GroupError error={group.error} onRetry={() => void group.refetch()} />
  if (group.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading group">
        <Skeleton h={64} radius="lg" />
        <Skeleton h={36} w="60%" />
        <Skeleton h={240} radius="lg" />
      </Stack>
    )
  }
  return <GroupPage group={group.data} rest={rest} />
}

function GroupError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Stack maw={760} gap="sm">
      <ErrorAlert error={error} onRetry={onRetry} />
      <Anchor component={Link} to={ROUTES.groups} size="sm">
        ← Back to groups
      </Anchor>
    </Stack>
  )
}

/**
 * A group: its header, what needs attention (a removal, a single admin, a
 * mute), and the tabs its mode has. The tab is part of the address, so alerts
 * and the back button land on the right one.
 */
function GroupPage({ group, rest }: { group: Group; rest: string }) {
  const navigate = useNavigate()
  const now = useNow(30_000)
  const { refresh } = useChatCache(group.id)
  const location = parseGroupLocation(rest, group.mode)
  const permissions = groupPermissions(group, now)

  return (
    <AttachmentProgressProvider conversationId={group.id} onComplete={refresh}>
      <Paper
        withBorder
        radius="lg"
        h="calc(100dvh - var(--app-shell-header-height, 60px) - 2 * var(--mantine-spacing-lg))"
        mih={480}
        style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}
      >
        <GroupHeader group={group} />
        <GroupNotices group={group} permissions={permissions} />
        <Tabs
          value={location.tab}
          onChange={(tab) => tab && navigate(tab === 'chat' ? groupPath(group.id) : groupPath(group.id, tab as GroupTab))}
          keepMounted={false}
          style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
        >
          <Tabs.List aria-label="Group sections" px="md" style={{ flexWrap: 'nowrap', overflowX: 'auto', flex: 'none' }}>
            {groupTabs(group.mode).map((tab) => (
              <Tabs.Tab key={tab} value={tab} rightSection={<TabCount tab={tab} group={group} admin={permissions.admin} />}>
                {TAB_LABEL[tab]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {groupTabs(group.mode).map((tab) => (
            <Tabs.Panel key={tab} value={tab} style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
              {tab === location.tab && <GroupTabPanel tab={tab} group={group} permissions={permissions} threadId={location.threadId} />}
            </Tabs.Panel>
          ))}
        </Tabs>
      </Paper>
    </AttachmentProgressProvider>
  )
}

/** A small count beside a tab where something waits: join requests for admins. */
function TabCount({ tab, group, admin }: { tab: GroupTab; group: Group; admin: boolean }) {
  if (tab !== 'members' || !admin || group.pendingRequests === 0) return null
  return (
    <Box component="span" display="inline-flex">
      <Badge size="xs" color="red" circle={group.pendingRequests < 10}>
        {group.pendingRequests}
      </Badge>
      <VisuallyHidden> waiting to join</VisuallyHidden>
    </Box>
  )
}
