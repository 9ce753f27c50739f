import { describe, expect, it } from 'vitest'
import { RpcClient } from '../../../shared/rpc/client'
import { openWebSocket } from './websocket'

type Listener = (event: { data?: unknown; code?: number; reason?: string }) => void

/** Just enough of the browser WebSocket for the adapter. */
class FakeWebSocket {
  static last: FakeWebSocket | null = null
  readonly sent: unknown[] = []
  readonly #listeners = new Map<string, Listener[]>()
  constructor(readonly url: string) {
    FakeWebSocket.last = this
  }
  addEventListener(type: string, listener: Listener) {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener])
  }
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close() {
    this.emit('close', { code: 1000, reason: '' })
  }
  emit(type: string, event: Parameters<Listener>[0] = {}) {
    for (const listener of this.#listeners.get(type) ?? []) listener(event)
  }
}

const Impl = FakeWebSocket as unknown as typeof WebSocket

describe('openWebSocket', () => {
  it('speaks JSON frames and settles calls by id', async () => {
    const pending = openWebSocket('ws://h/rpc?token=t', { WebSocketImpl: Impl })
    const socket = FakeWebSocket.last!
    socket.emit('open')
    const connection = await pending
    const client = new RpcClient(connection.transport)

    const answer = client.call('app.getInfo', {})
    expect(socket.sent).toEqual([{ type: 'call', id: 1, method: 'app.getInfo', input: {} }])
    socket.emit('message', { data: 'not json' })
    socket.emit('message', { data: JSON.stringify({ type: 'result', id: 1, ok: true, value: { name: 'PLANET' } }) })
    await expect(answer).resolves.toEqual({ name: 'PLANET' })
  })

  it('fails pending calls with TRANSPORT_CLOSED and tells the listener when the socket drops', async () => {
    const pending = openWebSocket('ws://h', { WebSocketImpl: Impl })
    const socket = FakeWebSocket.last!
    socket.emit('open')
    const connection = await pending
    const closes: string[] = []
    connection.onClose((info) => closes.push(info.reason))
    const client = new RpcClient(connection.transport)
    const answer = client.call('vault.getStatus', {})
    socket.emit('close', { code: 1006, reason: '' })
    await expect(answer).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' })
    expect(closes).toEqual(['code 1006'])
  })

  it('rejects when the socket closes before it opens (server gone, token refused)', async () => {
    const pending = openWebSocket('ws://h', { WebSocketImpl: Impl })
    FakeWebSocket.last!.emit('close', { code: 1006, reason: '' })
    await expect(pending).rejects.toEqual({ code: 1006, reason: 'code 1006' })
  })
})
