import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { MetricsAddress } from './relay-config'

/** One reading of the relay, rendered as Prometheus text. */
export interface RelaySnapshot {
  coresHeld: number
  bytesStored: number
  quotaBytes: number
  groupsRegistered: number
  peersConnected: number
  blocksServed: number
  bytesServed: number
  blocksReceived: number
  bytesReceived: number
  refusals: Record<string, number>
  residentBytes: number
}

/** The Prometheus text exposition format (version 0.0.4). */
export function renderMetrics(s: RelaySnapshot): string {
  const lines: string[] = []
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: Array<[string, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`)
  }
  metric('planet_relay_cores_held', 'gauge', 'Hypercores the relay keeps for members.', [['', s.coresHeld]])
  metric('planet_relay_bytes_stored', 'gauge', 'Bytes of the cores held (blind-peer accounting of their byte length).', [['', s.bytesStored]])
  metric('planet_relay_quota_bytes', 'gauge', 'The storage quota (--max-storage).', [['', s.quotaBytes]])
  metric('planet_relay_full', 'gauge', '1 when the bytes stored reached the quota: new cores are refused.', [['', s.bytesStored >= s.quotaBytes ? 1 : 0]])
  metric('planet_relay_groups_registered', 'gauge', 'Groups whose admins registered them with this relay.', [['', s.groupsRegistered]])
  metric('planet_relay_peers_connected', 'gauge', 'Open connections from members\u2019 devices.', [['', s.peersConnected]])
  metric('planet_relay_blocks_served_total', 'counter', 'Blocks uploaded to members.', [['', s.blocksServed]])
  metric('planet_relay_bytes_served_total', 'counter', 'Bytes of blocks uploaded to members.', [['', s.bytesServed]])
  metric('planet_relay_blocks_received_total', 'counter', 'Blocks downloaded from members.', [['', s.blocksReceived]])
  metric('planet_relay_bytes_received_total', 'counter', 'Bytes of blocks downloaded from members.', [['', s.bytesReceived]])
  metric(
    'planet_relay_refusals_total',
    'counter',
    'Requests refused, by reason (stranger, not-member, quota, invalid, bad-secret, not-listed, not-admin, too-many-groups).',
    Object.entries(s.refusals)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reason, count]): [string, number] => [`{reason="${reason}"}`, count]),
  )
  metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the relay process.', [['', s.residentBytes]])
  return `${lines.join('\n')}\n`
}

/** GET /metrics on a loopback address; everything else is 404/405. */
export async function serveMetrics(address: MetricsAddress, snapshot: () => RelaySnapshot): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if ((request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the metrics are at /metrics\n')
      return
    }
    const body = renderMetrics(snapshot())
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : body)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(address.port, address.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = server.address()
  return { server, port: typeof bound === 'object' && bound ? bound.port : address.port }
}
