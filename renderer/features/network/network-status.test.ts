import { describe, expect, it } from 'vitest'
import { describeNetwork } from './network-status'

const base = { running: true, dhtReachable: true, bootstrap: 'public' as const, connections: 0, rejectedOps: 0, deviceKey: null }

describe('describeNetwork', () => {
  it('is connected when the DHT answered', () => {
    const summary = describeNetwork({ ...base, connections: 2 })
    expect(summary).toMatchObject({ online: true, label: 'Connected to the network', connections: '2 connections' })
    expect(summary.detail).toBe('Directly connected to 2 contact devices.')
    expect(describeNetwork({ ...base, connections: 1 }).connections).toBe('1 connection')
  })
  it('is offline when not running or the DHT never answered', () => {
    expect(describeNetwork({ ...base, running: false }).label).toBe('Offline')
    expect(describeNetwork({ ...base, dhtReachable: false }).detail).toMatch(/internet connection/)
    expect(describeNetwork({ ...base, dhtReachable: false, bootstrap: 'custom' }).detail).toMatch(/--bootstrap/)
  })
})
