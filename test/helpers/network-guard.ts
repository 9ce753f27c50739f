import dgram from 'node:dgram'
import { createRequire } from 'node:module'
import net from 'node:net'
import { isLoopbackHost } from './loopback'

/**
 * Belt and braces for ARCHITECTURE.md §9 ("tests never send traffic to any
 * other address than 127.0.0.1"). The first line of defence is configuration:
 * every Core gets a loopback testnet or 'off', and the Core refuses the public
 * DHT under PLANET_TEST=1. This second line catches what configuration misses
 * — a DHT node or swarm created without `host: '127.0.0.1'`, a stray HTTP
 * request — at the socket calls themselves, throwing before anything leaves:
 *
 *   - UDP: dgram.Socket#send and #connect;
 *   - TCP (and everything on it: http, https, ws, fetch): net.Socket#connect;
 *   - UDX, the native UDP transport under HyperDHT and Hyperswarm (it does not
 *     go through dgram): UDXSocket#send/#trySend, UDXStream#connect/#changeRemote.
 *
 * Installed by test/helpers/setup.ts in every vitest process, and by
 * `npm run demo` (scripts/demo.ts). Only loopback passes (see loopback.ts);
 * local IPC (unix sockets, pipes) is not network.
 */

/** Where a call would send to; `port` is only for the message. */
export interface Target {
  host: string
  port: unknown
}

/** Returns the destination of a call, or null when there is none to judge (Node's loopback default, a connected socket, a pipe). */
export type TargetOf = (args: readonly unknown[]) => Target | null

export class NonLoopbackTrafficError extends Error {
  readonly code = 'PLANET_TEST_NON_LOOPBACK'

  constructor(what: string, target: Target) {
    super(
      `Only loopback may be reached here (tests, the demo: 127.0.0.0/8, ::1, localhost): refused ${what} to ${target.host}:${String(target.port)}. ` +
        "Give every HyperDHT node and swarm host '127.0.0.1' and the loopback testnet's bootstrap (test/helpers/testnet.ts); see test/README.md.",
    )
    this.name = 'NonLoopbackTrafficError'
  }
}

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== ''

/**
 * dgram `send(msg, offset, length, port, address, cb)` or `send(msg, port, address, cb)`;
 * a connected socket passes no address. Mirrors how Node's own dgram.js reads its arguments.
 */
export const dgramSendTarget: TargetOf = (args) => {
  const [, offset, length, port, address] = args
  const long = Boolean(address) || (Boolean(port) && typeof port !== 'function')
  const host = long ? address : length
  // No address: Node sends to 127.0.0.1 / ::1 (or to the connected peer, checked at connect).
  return nonEmptyString(host) ? { host, port: long ? port : offset } : null
}

/** dgram `connect(port[, address][, cb])`; no address means loopback. */
export const dgramConnectTarget: TargetOf = (args) => (nonEmptyString(args[1]) ? { host: args[1], port: args[0] } : null)

/**
 * net `connect(options[, cb])`, `connect(path[, cb])`, `connect(port[, host][, cb])`, and
 * Node's internal form `connect([options, cb])`. No host means `localhost`; a path is local IPC.
 */
export const tcpConnectTarget: TargetOf = (args) => {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0]
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: unknown; host?: unknown; port?: unknown }
    if (options.path !== undefined && options.path !== null) return null
    return { host: nonEmptyString(options.host) ? options.host : 'localhost', port: options.port }
  }
  // A string that is not a number is a pipe or unix socket path (Node's isPipeName).
  if (typeof first === 'string' && !/^\s*\d+\s*$/.test(first)) return null
  return { host: nonEmptyString(args[1]) ? args[1] : 'localhost', port: first }
}

/** UDXSocket `send(buffer, port, host, ttl)` / `trySend(…)`; no host means 127.0.0.1. */
export const udxSendTarget: TargetOf = (args) => (nonEmptyString(args[2]) ? { host: args[2], port: args[1] } : null)

/** UDXStream `connect(socket, remoteId, port, host[, opts])` / `changeRemote(…)`; host may be left out (127.0.0.1). */
export const udxStreamTarget: TargetOf = (args) => (nonEmptyString(args[3]) ? { host: args[3], port: args[2] } : null)

const GUARDED = Symbol.for('planet.test.networkGuard')

type Guardable = Record<string, unknown>

/**
 * Replace `owner[name]` with a wrapper that throws NonLoopbackTrafficError,
 * before calling the original, when `targetOf` finds a non-loopback
 * destination. Idempotent: vitest runs the setup once per test file in the
 * same process, and the prototypes outlive each file.
 */
export function guardMethod(owner: object, name: string, what: string, targetOf: TargetOf): void {
  const methods = owner as Guardable
  const original = methods[name]
  if (typeof original !== 'function') throw new Error(`network guard: ${what}: there is no ${name}() to guard`)
  if (isGuarded(original)) return
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    const target = targetOf(args)
    if (target !== null && !isLoopbackHost(target.host)) throw new NonLoopbackTrafficError(what, target)
    return Reflect.apply(original, this, args)
  }
  Object.defineProperty(guarded, 'name', { value: original.name })
  Object.defineProperty(guarded, GUARDED, { value: true })
  methods[name] = guarded
}

export function isGuarded(method: unknown): boolean {
  return typeof method === 'function' && (method as unknown as Record<symbol, unknown>)[GUARDED] === true
}

interface UdxClasses {
  Socket: { prototype: object }
  Stream: { prototype: object }
}

/** udx-native's classes, from the same copy HyperDHT loads (Node's require cache is per process). */
function loadUdx(): UdxClasses | null {
  const require = createRequire(import.meta.url)
  try {
    return { Socket: require('udx-native/lib/socket.js') as UdxClasses['Socket'], Stream: require('udx-native/lib/stream.js') as UdxClasses['Stream'] }
  } catch {
    // Without udx-native there is no HyperDHT either, so nothing can send over UDX.
    return null
  }
}

/** Guard every way a test process can send to another machine. Idempotent. */
export function installNetworkGuard(): void {
  guardMethod(dgram.Socket.prototype, 'send', 'a UDP send (dgram)', dgramSendTarget)
  guardMethod(dgram.Socket.prototype, 'connect', 'a UDP connect (dgram)', dgramConnectTarget)
  guardMethod(net.Socket.prototype, 'connect', 'a TCP connection', tcpConnectTarget)
  const udx = loadUdx()
  if (udx) {
    guardMethod(udx.Socket.prototype, 'send', 'a UDX send (HyperDHT)', udxSendTarget)
    guardMethod(udx.Socket.prototype, 'trySend', 'a UDX send (HyperDHT)', udxSendTarget)
    guardMethod(udx.Stream.prototype, 'connect', 'a UDX stream (Hyperswarm connection)', udxStreamTarget)
    guardMethod(udx.Stream.prototype, 'changeRemote', 'a UDX stream (Hyperswarm connection)', udxStreamTarget)
  }
}

/** What installNetworkGuard covers, and whether each is guarded now (for the test that checks the setup ran). */
export function networkGuardState(): Record<string, boolean> {
  const state: Record<string, boolean> = {
    'dgram.Socket#send': isGuarded(dgram.Socket.prototype.send),
    'dgram.Socket#connect': isGuarded(dgram.Socket.prototype.connect),
    'net.Socket#connect': isGuarded(net.Socket.prototype.connect),
  }
  const udx = loadUdx()
  if (udx) {
    const socket = udx.Socket.prototype as Guardable
    const stream = udx.Stream.prototype as Guardable
    state['UDXSocket#send'] = isGuarded(socket.send)
    state['UDXSocket#trySend'] = isGuarded(socket.trySend)
    state['UDXStream#connect'] = isGuarded(stream.connect)
    state['UDXStream#changeRemote'] = isGuarded(stream.changeRemote)
  }
  return state
}
