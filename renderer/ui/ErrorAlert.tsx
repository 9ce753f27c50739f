import { Alert, Button, Group, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { describeError } from '../api/error-messages'

export interface ErrorAlertProps {
  error: unknown
  onRetry?: () => void
  /** Extra guidance under the message. */
  children?: ReactNode
}

/** An RPC failure in words a person understands (role="alert", so screen readers announce it). */
export function ErrorAlert({ error, onRetry, children }: ErrorAlertProps) {
  const { title, message } = describeError(error)
  return (
    <Alert color="red" variant="light" title={title}>
      <Text size="sm">{message}</Text>
      {children}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  )
}
