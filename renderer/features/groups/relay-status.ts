import type { MethodOutput } from '../../../shared/contract'

type RelayStatus = MethodOutput<'relays.listGroupRelays'>[number]['status']

/** The status badge and the line under it, from what the relay answered last. */
export function describeRelay(status: RelayStatus): { badge: string; color: string; detail: string } {
  if (status.checkedAt === null) return { badge: 'Checking', color: 'gray', detail: status.problem ?? 'Asking the relay…' }
  if (!status.reachable) return { badge: 'Unreachable', color: 'red', detail: status.problem ?? 'The relay did not answer.' }
  if (!status.admitted) return { badge: 'Not admitted yet', color: 'orange', detail: status.problem ?? 'The relay does not list this device yet.' }
  const full = status.full ? ' The relay is full: it keeps what it holds but takes no new data.' : ''
  if (status.inSync) return { badge: 'In sync', color: 'green', detail: `Holds all ${status.localBlocks} blocks this device has of the group’s ${status.cores} cores.${full}` }
  return { badge: 'Syncing', color: 'yellow', detail: `Holds ${status.heldBlocks} of the ${status.localBlocks} blocks this device has of the group’s ${status.cores} cores.${full}` }
}
