import dgram from 'node:dgram'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import type { TargetOf } from '../helpers/network-guard'
import {
  NonLoopbackTrafficError,
  dgramConnectTarget,
  dgramSendTarget,
  guardMethod,
  isGuarded,
  networkGuardState,
  tcpConnectTarget,
  udxSendTarget,
  udxStreamTarget,
} from '../helpers/network-guard'

/**
 * The test network guard (test/helpers/network-guard.ts). No test here sends
 * anything to a non-loopback address: the argument readers are pure, the
 * wrapper is exercised on a fake socket class, and real sockets are only used
 * on 127.0.0.1 to show the guard lets loopback through.
 */

const buf = Buffer.from('x')
const cb = (): void => undefined

describe('where each call would send to', () => {
  it.each<[string, unknown[], string | null]>([
    ['send(msg, port, address)', [buf, 4000, '8.8.8.8'], '8.8.8.8'],
    ['send(msg, port, address, cb)', [buf, 4000, '10.1.2.3', cb], '10.1.2.3'],
    ['send(msg, offset, length, port, address)', [buf, 0, 1, 4000, '192.168.0.1'], '192.168.0.1'],
    ['send(msg, offset, length, port, address, cb)', [buf, 0, 1, 4000, 'example.com', cb], 'example.com'],
    ['send(msg, port) (Node sends to loopback)', [buf, 4000], null],
    ['send(msg, port, cb)', [buf, 4000, cb], null],
    ['send(msg, offset, length, port)', [buf, 0, 1, 4000], null],
    ['send(msg, offset, length, port, cb)', [buf, 0, 1, 4000, cb], null],
    ['connected send(msg)', [buf], null],
    ['connected send(msg, cb)', [buf, cb], null],
    ['connected send(msg, offset, length, cb)', [buf, 0, 1, cb], null],
    ['send(msg, port, "127.0.0.1")', [buf, 4000, '127.0.0.1'], '127.0.0.1'],
  ])('dgram %s', (_shape, args, host) => {
    expect(dgramSendTarget(args)?.host ?? null).toBe(host)
  })

  it.each<[string, unknown[], string | null]>([
    ['connect(port, address)', [4000, '8.8.4.4'], '8.8.4.4'],
    ['connect(port, address, cb)', [4000, '::ffff:1.1.1.1', cb], '::ffff:1.1.1.1'],
    ['connect(port)', [4000], null],
    ['connect(port, cb)', [4000, cb], null],
  ])('dgram %s', (_shape, args, host) => {
    expect(dgramConnectTarget(args)?.host ?? null).toBe(host)
  })

  it.each<[string, unknown[], string | null]>([
    ['connect({ host, port })', [{ host: '93.184.216.34', port: 443 }], '93.184.216.34'],
    ['connect({ port }) (localhost)', [{ port: 80 }], 'localhost'],
    ['connect({ host: "" , port })', [{ host: '', port: 80 }], 'localhost'],
    ['connect({ path })', [{ path: '/tmp/planet.sock' }], null],
    ['connect(path, cb)', ['/tmp/planet.sock', cb], null],
    ['connect(port, host)', [443, 'example.com'], 'example.com'],
    ['connect("443", host)', ['443', 'example.com'], 'example.com'],
    ['connect(port)', [443], 'localhost'],
    ['connect(port, cb)', [443, cb], 'localhost'],
    ["Node's internal connect([options, cb])", [[{ host: '1.2.3.4', port: 80 }, cb]], '1.2.3.4'],
    ["Node's internal connect([options]) to 127.0.0.1", [[{ host: '127.0.0.1', port: 80 }]], '127.0.0.1'],
  ])('net %s', (_shape, args, host) => {
    expect(tcpConnectTarget(args)?.host ?? null).toBe(host)
  })

  it.each<[string, TargetOf, unknown[], string | null]>([
    ['UDXSocket send(buffer, port, host)', udxSendTarget, [buf, 49737, '88.99.3.86'], '88.99.3.86'],
    ['UDXSocket trySend(buffer, port, host, ttl)', udxSendTarget, [buf, 49737, '127.0.0.1', 64], '127.0.0.1'],
    ['UDXSocket send(buffer, port) (udx sends to 127.0.0.1)', udxSendTarget, [buf, 49737], null],
    ['UDXStream connect(socket, id, port, host)', udxStreamTarget, [{}, 1, 49737, '10.0.0.7'], '10.0.0.7'],
    ['UDXStream connect(socket, id, port, opts)', udxStreamTarget, [{}, 1, 49737, { ack: 1 }], null],
    ['UDXStream changeRemote(socket, id, port, host)', udxStreamTarget, [{}, 1, 49737, '172.16.0.1'], '172.16.0.1'],
  ])('%s', (_shape, targetOf, args, host) => {
    expect(targetOf(args)?.host ?? null).toBe(host)
  })
})

describe('guardMethod', () => {
  class FakeSocket {
    readonly sent: unknown[][] = []
    send(...args: unknown[]): string {
      this.sent.push(args)
      return 'sent'
    }
  }

  it('throws before the original runs when the destination is not loopback, and passes loopback through', () => {
    class Guarded extends FakeSocket {}
    Guarded.prototype.send = FakeSocket.prototype.send
    guardMethod(Guarded.prototype, 'send', 'a fake send', dgramSendTarget)
    const socket = new Guarded()

    expect(() => socket.send(buf, 4000, '8.8.8.8')).toThrow(NonLoopbackTrafficError)
    expect(() => socket.send(buf, 4000, 'example.com')).toThrow(/refused a fake send to example\.com:4000.*test\/helpers\/testnet\.ts/)
    expect(socket.sent).toEqual([])

    expect(socket.send(buf, 4000, '127.0.0.1')).toBe('sent')
    expect(socket.send(buf, 4000)).toBe('sent')
    expect(socket.sent).toEqual([
      [buf, 4000, '127.0.0.1'],
      [buf, 4000],
    ])
  })

  it('wraps once, however often the setup runs', () => {
    class Twice extends FakeSocket {}
    Twice.prototype.send = FakeSocket.prototype.send
    guardMethod(Twice.prototype, 'send', 'a fake send', dgramSendTarget)
    const first = Twice.prototype.send
    guardMethod(Twice.prototype, 'send', 'a fake send', dgramSendTarget)
    expect(Twice.prototype.send).toBe(first)
    expect(isGuarded(first)).toBe(true)
    expect(isGuarded(FakeSocket.prototype.send)).toBe(false)
  })

  it('refuses to guard a method that does not exist (a renamed API must not pass silently)', () => {
    expect(() => guardMethod({}, 'send', 'a fake send', dgramSendTarget)).toThrow(/no send\(\)/)
  })
})

describe('the guard in this test process', () => {
  it('is installed by the vitest setup on dgram, net and udx-native', () => {
    const state = networkGuardState()
    expect(Object.keys(state)).toEqual(expect.arrayContaining(['dgram.Socket#send', 'net.Socket#connect', 'UDXSocket#send', 'UDXStream#connect']))
    expect(Object.entries(state).filter(([, guarded]) => !guarded)).toEqual([])
  })

  it('lets UDP over loopback through', async () => {
    const receiver = dgram.createSocket('udp4')
    const sender = dgram.createSocket('udp4')
    try {
      await new Promise<void>((done) => receiver.bind(0, '127.0.0.1', done))
      const { port } = receiver.address()
      const received = new Promise<string>((done) => receiver.once('message', (message) => done(message.toString())))
      sender.send(Buffer.from('hello'), port, '127.0.0.1')
      expect(await received).toBe('hello')
    } finally {
      sender.close()
      receiver.close()
    }
  })

  it('lets TCP over loopback through (by address and as localhost)', async () => {
    const server = net.createServer((socket) => socket.end('hi'))
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const { port } = server.address() as AddressInfo
    const read = (socket: net.Socket) =>
      new Promise<string>((done, fail) => {
        let text = ''
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
        socket.on('end', () => done(text))
        socket.on('error', fail)
      })
    try {
      expect(await read(net.connect(port, '127.0.0.1'))).toBe('hi')
      expect(await read(net.connect({ port, host: 'localhost', family: 4 }))).toBe('hi')
    } finally {
      await new Promise((done) => server.close(done))
    }
  })
})
