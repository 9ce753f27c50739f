import { useEffect } from 'react'
import { useRpcClient } from './client-context'

/** At most one report per this many ms: enough for an idle timer counted in minutes. */
export const ACTIVITY_REPORT_INTERVAL_MS = 30_000

/**
 * Throttles "the person did something" into at most one report per interval.
 * The first input reports at once, so an action just before the deadline still counts.
 */
export function createActivityThrottle(report: () => void, now: () => number = Date.now, intervalMs = ACTIVITY_REPORT_INTERVAL_MS): () => void {
  let last = -Infinity
  return () => {
    const at = now()
    if (at - last < intervalMs) return
    last = at
    report()
  }
}

const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const

/**
 * While the app shell is shown, tell the core the person is here (vault.reportActivity),
 * so the idle lock means "nobody touched PLANET", not "PLANET made no call".
 */
export function useActivityReporter(): void {
  const client = useRpcClient()
  useEffect(() => {
    // A failure (locked meanwhile, connection gone) is shown elsewhere; the report is best-effort.
    const onInput = createActivityThrottle(() => void client.call('vault.reportActivity', {}).catch(() => undefined))
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { passive: true, capture: true })
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true })
    }
  }, [client])
}
