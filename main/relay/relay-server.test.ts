import { describe, expect, it } from 'vitest'
import { renderMetrics } from './relay-metrics'
import { RelayServer } from './relay-server'

const log = { info: () => undefined, warn: () => undefined, error: () => undefined }

describe('RelayServer', () => {
  it('refuses the public DHT and non-loopback bootstrap nodes under PLANET_TEST=1', () => {
    expect(process.env.PLANET_TEST).toBe('1')
    expect(() => new RelayServer({ dataDir: '/nonexistent', network: 'public', maxBytes: 1e9, log })).toThrow(/public DHT is forbidden/)
    expect(() => new RelayServer({ dataDir: '/nonexistent', network: { bootstrap: [{ host: '203.0.113.7', port: 49737 }] }, maxBytes: 1e9, log })).toThrow(/not loopback/)
  })
})

describe('renderMetrics', () => {
  it('writes the Prometheus text format, one HELP/TYPE pair per metric', () => {
    const text = renderMetrics({
      coresHeld: 3,
      bytesStored: 2_000_000,
      quotaBytes: 1_000_000,
      groupsRegistered: 1,
      peersConnected: 2,
      blocksServed: 10,
      bytesServed: 100,
      blocksReceived: 20,
      bytesReceived: 200,
      refusals: { stranger: 4, quota: 1 },
      residentBytes: 123,
    })
    expect(text.endsWith('\n')).toBe(true)
    expect(text).toMatch(/^# TYPE planet_relay_cores_held gauge\nplanet_relay_cores_held 3$/m)
    expect(text).toMatch(/^planet_relay_full 1$/m)
    expect(text).toMatch(/^# TYPE planet_relay_blocks_served_total counter$/m)
    expect(text).toContain('planet_relay_refusals_total{reason="quota"} 1\nplanet_relay_refusals_total{reason="stranger"} 4')
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{reason="[a-z-]+"\})? \d+)$/)
  })
})
