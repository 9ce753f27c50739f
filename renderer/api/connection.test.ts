import { describe, expect, it } from 'vitest'
import type { Result } from '../../shared/rpc/envelope'
import { Connection } from './connection'
import type { CloseInfo, WebSocketConnection } from './transports/websocket'

function fakeSocket() {
  const closeListeners: Array<(info: CloseInfo) => void> = []
  const connection: WebSocketConnection = {
    transport: { call: async (): Promise<Result> => ({ ok: true, value: { state: 'none', autoLockMinutes: null } }), subscribe: () => () => undefined },
    onClose: (listener) => void closeListeners.push(listener),
  }
  return { connection, drop: () => closeListeners.forEach((listener) => listener({ code: 1006, reason: 'gone' })) }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('Connection', () => {
  it('has nothing to do without a token', () => {
    const connection = new Connection({ kind: 'no-token' })
    connection.start()
    expect(connection.state).toEqual({ status: 'no-token' })
  })

  it('is open at once over the preload bridge', async () => {
    const connection = new Connection({ kind: 'bridge', bridge: { call: async () => ({ ok: true, value: 1 }), subscribe: () => () => undefined } })
    connection.start()
    expect(connection.state.status).toBe('open')
  })

  it('goes connecting → open → closed on a drop, and retry opens a new generation', async () => {
    const sockets = [fakeSocket(), fakeSocket()]
    let opened = 0
    const connection = new Connection({ kind: 'websocket', url: 'ws://x/rpc?token=t' }, async () => sockets[opened++]!.connection)
    const seen: string[] = []
    connection.subscribe((state) => seen.push(state.status))
    connection.start()
    connection.start()
    await flush()
    expect(connection.state.status).toBe('open')
    const first = connection.state.status === 'open' ? connection.state.generation : -1

    sockets[0]!.drop()
    expect(connection.state).toEqual({ status: 'closed', reason: 'gone', wasOpen: true })

    connection.retry()
    await flush()
    expect(connection.state.status).toBe('open')
    expect(connection.state.status === 'open' && connection.state.generation).toBe(first + 1)
    // A late close of the old socket does not close the new connection.
    sockets[0]!.drop()
    expect(connection.state.status).toBe('open')
    expect(seen).toEqual(['connecting', 'open', 'closed', 'connecting', 'open'])
    expect(opened).toBe(2)
  })

  it('reports a socket that never opened', async () => {
    const connection = new Connection({ kind: 'websocket', url: 'ws://x' }, () => Promise.reject({ code: 1006, reason: 'code 1006' } satisfies CloseInfo))
    connection.start()
    await flush()
    expect(connection.state).toEqual({ status: 'closed', reason: 'code 1006', wasOpen: false })
  })
})
