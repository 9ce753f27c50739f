import { describe, expect, it, vi } from 'vitest'
import { planConnection, webSocketUrl } from './select-transport'

const location = { protocol: 'http:', host: '127.0.0.1:4321' }

describe('planConnection', () => {
  it('uses the preload bridge when there is one, without touching the token', () => {
    const bridge = { call: vi.fn(), subscribe: vi.fn() }
    const takeToken = vi.fn(() => 'tok')
    expect(planConnection({ bridge, location, takeToken })).toEqual({ kind: 'bridge', bridge })
    expect(takeToken).not.toHaveBeenCalled()
  })
  it('opens the WebSocket of the page origin with the token', () => {
    expect(planConnection({ bridge: undefined, location, takeToken: () => 'a b/c' })).toEqual({
      kind: 'websocket',
      url: 'ws://127.0.0.1:4321/rpc?token=a%20b%2Fc',
    })
  })
  it('says so when there is no token', () => {
    expect(planConnection({ bridge: { call: 'not a function' }, location, takeToken: () => null })).toEqual({ kind: 'no-token' })
  })
  it('uses wss only for an https page', () => {
    expect(webSocketUrl({ protocol: 'https:', host: 'localhost:1' }, 't')).toBe('wss://localhost:1/rpc?token=t')
  })
})
