import { ActionIcon, Box, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useNavigate } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatRelativeTime } from '../../ui/format-time'
import { BellIcon } from '../../ui/icons'
import { PageLoader } from '../../ui/PageLoader'
import { useNow } from '../../ui/use-now'
import { badgeText } from './document-title'
import { safeAppRoute } from './safe-route'

type Alert = MethodOutput<'alerts.list'>['alerts'][number]

export const ALERTS_INPUT = { limit: 50 } as const

/** The header bell: the unread count, and the notification centre in a popover. */
export function AlertsBell() {
  const [opened, setOpened] = useState(false)
  const alerts = useApiQuery('alerts.list', ALERTS_INPUT)
  const unread = alerts.data?.unreadCount ?? 0
  const countId = useId()

  return (
    <Indicator label={badgeText(unread)} disabled={unread === 0} size={16} offset={5} color="red" inline>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" radius="md" trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="default" size="lg" aria-label="Alerts" aria-describedby={countId} onClick={() => setOpened((open) => !open)}>
            <BellIcon size={18} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0}>
          <AlertCentre alerts={alerts} onDone={() => setOpened(false)} />
        </Popover.Dropdown>
      </Popover>
      <VisuallyHidden id={countId}>{unread > 0 ? `${unread} unread` : 'Nothing unread'}</VisuallyHidden>
    </Indicator>
  )
}

function AlertCentre({ alerts, onDone }: { alerts: ReturnType<typeof useApiQuery<'alerts.list'>>; onDone: () => void }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const now = useNow(30_000)
  const markRead = useApiMutation('alerts.markRead', {
    invalidate: false,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('alerts.list') })
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('alerts.getBadge') })
    },
  })

  function open(alert: Alert) {
    if (alert.readAt === null) markRead.mutate({ ids: [alert.id] })
    onDone()
    navigate(safeAppRoute(alert.route))
  }

  const unread = alerts.data?.unreadCount ?? 0
  return (
    <Stack gap={0}>
      <Group justify="space-between" px="md" py="sm">
        <Text fw={700}>Alerts</Text>
        <Button size="compact-sm" variant="subtle" disabled={unread === 0} loading={markRead.isPending} onClick={() => markRead.mutate({})}>
          Mark all read
        </Button>
      </Group>
      <Divider />
      {alerts.isError ? (
        <Box p="sm">
          <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />
        </Box>
      ) : alerts.isPending ? (
        <PageLoader label="Loading alerts…" />
      ) : alerts.data.alerts.length === 0 ? (
        <Text size="sm" c="dimmed" p="md">
          Nothing here yet. New messages, accepted invites and contacts coming online show up here.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: 'none' }} aria-label="Alerts">
            {alerts.data.alerts.map((alert) => (
              <li key={alert.id}>
                <UnstyledButton
                  onClick={() => open(alert)}
                  w="100%"
                  px="md"
                  py="sm"
                  className="planet-alert-row"
                  data-unread={alert.readAt === null || undefined}
                >
                  <Group gap="sm" wrap="nowrap" align="flex-start">
                    <Box
                      mt={6}
                      w={8}
                      h={8}
                      style={{ borderRadius: '50%', flex: 'none' }}
                      bg={alert.readAt === null ? 'var(--mantine-primary-color-filled)' : 'transparent'}
                      aria-hidden="true"
                    />
                    <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                      <Group justify="space-between" gap="xs" wrap="nowrap">
                        <Text size="sm" fw={alert.readAt === null ? 700 : 500} truncate>
                          {alert.readAt === null && <VisuallyHidden>Unread: </VisuallyHidden>}
                          {alert.title}
                        </Text>
                        <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                          {formatRelativeTime(alert.createdAt, now)}
                        </Text>
                      </Group>
                      {alert.body && (
                        <Text size="sm" c="dimmed" lineClamp={2}>
                          {alert.body}
                        </Text>
                      )}
                    </Stack>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
      {markRead.error && (
        <Box p="sm">
          <ErrorAlert error={markRead.error} />
        </Box>
      )}
    </Stack>
  )
}
