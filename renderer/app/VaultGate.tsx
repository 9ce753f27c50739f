import { Navigate, Outlet, useLocation } from 'react-router'
import { useApiQuery } from '../api/hooks'
import { CenteredPage } from '../ui/CenteredPage'
import { ErrorAlert } from '../ui/ErrorAlert'
import { PageLoader } from '../ui/PageLoader'
import { isAppPath, redirectFor, ROUTES } from './vault-routes'

/** Start: vault.getStatus decides the screen — none → Welcome, locked → Unlock, unlocked → the app. */
export function VaultGate() {
  const status = useApiQuery('vault.getStatus', {})
  const location = useLocation()

  if (status.isPending) return <PageLoader fullScreen label="Opening PLANET…" />
  if (status.isError) {
    return (
      <CenteredPage>
        <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
      </CenteredPage>
    )
  }

  const from = readFrom(location.state)
  const target = redirectFor(status.data.state, location.pathname, from)
  if (target !== null) {
    const state = target === ROUTES.unlock && isAppPath(location.pathname) ? { from: location.pathname } : undefined
    return <Navigate to={target} replace state={state} />
  }
  return <Outlet />
}

function readFrom(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('from' in state)) return null
  const from = (state as { from: unknown }).from
  return typeof from === 'string' ? from : null
}
