import { RpcClient } from '../../shared/rpc/client'
import type { ConnectionPlan } from './select-transport'
import { createBridgeTransport } from './transports/bridge'
import type { CloseInfo, WebSocketConnection } from './transports/websocket'
import { openWebSocket } from './transports/websocket'

export type ConnectionState =
  /** Browser mode without a token: nothing to connect to until the user opens the printed link. */
  | { status: 'no-token' }
  | { status: 'connecting' }
  /** `generation` grows with every successful (re)connection, so the UI can start fresh state per connection. */
  | { status: 'open'; client: RpcClient; generation: number }
  /** `wasOpen` tells a dropped connection from one that never opened (server down, stale token). */
  | { status: 'closed'; reason: string; wasOpen: boolean }

type Listener = (state: ConnectionState) => void

/**
 * The one link between this renderer and the core. It follows the plan chosen
 * at start-up and exposes a small state machine for the UI (React subscribes
 * with useSyncExternalStore). Only the WebSocket can drop; retry() opens a new
 * one with the same token.
 */
export class Connection {
  readonly #plan: ConnectionPlan
  readonly #open: (url: string) => Promise<WebSocketConnection>
  readonly #listeners = new Set<Listener>()
  #state: ConnectionState
  #generation = 0
  #started = false

  constructor(plan: ConnectionPlan, open: (url: string) => Promise<WebSocketConnection> = openWebSocket) {
    this.#plan = plan
    this.#open = open
    this.#state = plan.kind === 'no-token' ? { status: 'no-token' } : { status: 'connecting' }
  }

  get state(): ConnectionState {
    return this.#state
  }

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  getState = (): ConnectionState => this.#state

  /** Connect for the first time. Idempotent. */
  start(): void {
    if (this.#started) return
    this.#started = true
    this.#connect()
  }

  /** Try again after the connection closed; ignored in any other state. */
  retry(): void {
    if (this.#state.status !== 'closed') return
    this.#connect()
  }

  #connect(): void {
    const plan = this.#plan
    if (plan.kind === 'no-token') return
    if (plan.kind === 'bridge') {
      this.#set({ status: 'open', client: new RpcClient(createBridgeTransport(plan.bridge)), generation: ++this.#generation })
      return
    }
    this.#set({ status: 'connecting' })
    this.#open(plan.url).then(
      (socket) => {
        const client = new RpcClient(socket.transport)
        const generation = ++this.#generation
        socket.onClose((info) => {
          if (this.#state.status === 'open' && this.#state.generation === generation) {
            this.#set({ status: 'closed', reason: info.reason, wasOpen: true })
          }
        })
        this.#set({ status: 'open', client, generation })
      },
      (error: CloseInfo | unknown) => {
        const reason = typeof error === 'object' && error !== null && 'reason' in error ? String((error as CloseInfo).reason) : String(error)
        this.#set({ status: 'closed', reason, wasOpen: false })
      },
    )
  }

  #set(state: ConnectionState): void {
    this.#state = state
    for (const listener of [...this.#listeners]) listener(state)
  }
}
