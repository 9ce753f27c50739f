import { z } from 'zod'
import { event, query } from './define'

export const networkStatus = z.object({
  /** True while the swarm runs (from unlock to lock). */
  running: z.boolean(),
  /** Whether the DHT answered at least once since start (false: no network, or a wrong bootstrap list). */
  dhtReachable: z.boolean(),
  /** 'public' = Holepunch's public DHT; 'custom' = the --bootstrap list (testnets, community DHTs). */
  bootstrap: z.enum(['public', 'custom']),
  /** Open connections to contacts' devices. */
  connections: z.number().int().min(0),
  /** Ops from peers rejected since start (unsigned, forged, malformed, oversized, replayed). */
  rejectedOps: z.number().int().min(0),
  /** This device's public key (hex): what contacts' firewalls accept. */
  deviceKey: z.string().nullable(),
})

export const networkMethods = {
  'network.getStatus': query(z.object({}), networkStatus),
} as const

export const networkEvents = {
  'network.onStatusChanged': event(networkStatus),
} as const
