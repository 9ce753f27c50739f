import type { MethodOutput } from '../../../shared/contract'

type Status = MethodOutput<'network.getStatus'>

export interface NetworkSummary {
  online: boolean
  /** "Connected to the network" or "Offline". */
  label: string
  /** What it means, or what to do. */
  detail: string
  /** "2 connections". */
  connections: string
}

/** network.getStatus in words: reachable or not, and how many contact devices are connected. */
export function describeNetwork(status: Status): NetworkSummary {
  const connections = `${status.connections} ${status.connections === 1 ? 'connection' : 'connections'}`
  if (!status.running) {
    return { online: false, label: 'Offline', detail: 'The network starts when PLANET is unlocked.', connections }
  }
  if (!status.dhtReachable) {
    return {
      online: false,
      label: 'Offline',
      detail:
        status.bootstrap === 'custom'
          ? 'PLANET cannot reach the bootstrap nodes it was started with. Check the --bootstrap list and your connection.'
          : 'PLANET cannot reach the network. Check your internet connection; it keeps trying.',
      connections,
    }
  }
  return {
    online: true,
    label: 'Connected to the network',
    detail:
      status.connections === 0
        ? 'None of your contacts’ devices is connected right now.'
        : `Directly connected to ${connections.replace('connection', 'contact device')}.`,
    connections,
  }
}
