import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../contract'
import type { Result } from './envelope'
import { RpcError } from './errors'

/**
 * What a transport adapter gives the client. One implementation per host:
 * in-process (tests), WebSocket (browser mode), preload bridge (desktop).
 */
export interface ClientTransport {
  call(method: string, input: unknown): Promise<Result>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
  close?(): void
}

/** The typed face of the contract for the renderer and tests. */
export class RpcClient {
  readonly #transport: ClientTransport

  constructor(transport: ClientTransport) {
    this.#transport = transport
  }

  /** Call a method; resolves with its output or rejects with an RpcError carrying the stable code. */
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const result = await this.#transport.call(method, input)
    if (!result.ok) throw RpcError.fromWire(result.error)
    return result.value as MethodOutput<M>
  }

  /** Like call, but returns the Result instead of throwing — handy in tests that assert on codes. */
  async try<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
    return (await this.#transport.call(method, input)) as Result<MethodOutput<M>>
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.#transport.subscribe(event, listener as (payload: unknown) => void)
  }

  close(): void {
    this.#transport.close?.()
  }
}
