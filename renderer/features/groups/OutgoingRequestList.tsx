import { Badge, Button, Stack } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatRelativeTime } from '../../ui/format-time'
import { StatusRow } from '../../ui/StatusRow'

type OutgoingRequest = MethodOutput<'groups.listOutgoingRequests'>[number]

/**
 * My join requests: waiting ones with Cancel, and how the last ones ended.
 * The name is the one the answering admin gave (I cannot read the group
 * yet); without one, the request is named by when it was sent.
 */
export function OutgoingRequestList({ requests, groupNames, now }: { requests: readonly OutgoingRequest[]; groupNames: ReadonlyMap<string, string>; now: number }) {
  const cancel = useApiMutation('groups.cancelRequest')
  return (
    <Stack gap="xs">
      {cancel.error && <ErrorAlert error={cancel.error} />}
      <CardList label="Your join requests">
        {requests.map((request) => {
          const name = groupNames.get(request.groupId) ?? (request.groupName || undefined)
          const sent = formatRelativeTime(request.requestedAt, now)
          const title = name ? `Request to join ${name}` : `Join request sent ${sent}`
          return (
            <StatusRow
              key={request.id}
              title={title}
              status={
                <Badge size="xs" variant="light" color={request.status === 'waiting' ? 'indigo' : request.status === 'joined' ? 'teal' : 'red'}>
                  {request.status === 'waiting' ? 'Waiting' : request.status === 'joined' ? 'Joined' : 'Refused'}
                </Badge>
              }
              actions={
                request.status === 'waiting' && (
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Cancel ${title.charAt(0).toLowerCase()}${title.slice(1)}`}
                    loading={cancel.isPending && cancel.variables?.id === request.id}
                    onClick={() => cancel.mutate({ id: request.id })}
                  >
                    Cancel
                  </Button>
                )
              }
            >
              {request.status === 'waiting'
                ? 'An admin must approve it. You join the next time you are both online.'
                : request.status === 'refused'
                  ? 'An admin refused this request.'
                  : `Sent ${sent}.`}
            </StatusRow>
          )
        })}
      </CardList>
    </Stack>
  )
}
