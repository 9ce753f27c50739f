import type { z } from 'zod'
import { events, isEventName, isMethodName, methods } from '../contract'
import type { EventName, EventPayload, MethodDef, MethodName, Methods, ParsedInput } from '../contract'
import type { Result } from './envelope'
import { RpcError } from './errors'

/**
 * Main's implementation of every method in the contract. Derived from the
 * contract, so a missing or mistyped handler is a compile error where the
 * handlers are assembled (main/core/core.ts).
 */
export type Handlers<Ctx> = {
  [M in MethodName]: (input: ParsedInput<M>, ctx: Ctx) => Promise<z.input<Methods[M]['output']>> | z.input<Methods[M]['output']>
}

/** Where the router gets events from: the core's event bus. */
export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export interface RouterOptions<Ctx> {
  handlers: Handlers<Ctx>
  events: EventSource
  /** Runs after input validation, before the handler; throw an RpcError to refuse (e.g. VAULT_LOCKED). */
  beforeCall?: (method: MethodName, def: MethodDef, ctx: Ctx) => void
  /** Unexpected errors are reported here and answered as INTERNAL without their message. */
  onInternalError?: (error: unknown, method: string) => void
}

/**
 * The single entry point for every call from outside the core. It never
 * throws: every outcome, including a bug in a handler, is a Result.
 */
export class Router<Ctx> {
  readonly #options: RouterOptions<Ctx>

  constructor(options: RouterOptions<Ctx>) {
    this.#options = options
  }

  async call(method: unknown, input: unknown, ctx: Ctx): Promise<Result> {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return failure(new RpcError('UNKNOWN_METHOD', `Unknown method: ${describe(method)}`))
    }
    const def: MethodDef = methods[method]
    let parsed: ReturnType<typeof def.input.safeParse>
    try {
      parsed = def.input.safeParse(input)
    } catch {
      // Only in-process callers can hand over getters that throw or Proxies; no wire value can.
      return failure(new RpcError('INVALID_INPUT', `${method}: the input could not be read`))
    }
    if (!parsed.success) {
      return failure(new RpcError('INVALID_INPUT', formatIssues(parsed.error), { issues: issueList(parsed.error) }))
    }
    try {
      this.#options.beforeCall?.(method, def, ctx)
      const handler = this.#options.handlers[method] as (input: unknown, ctx: Ctx) => unknown
      const value = await handler(parsed.data, ctx)
      const output = def.output.safeParse(value)
      if (!output.success) {
        this.#options.onInternalError?.(new Error(`${method} returned a value outside its contract: ${formatIssues(output.error)}`), method)
        return failure(new RpcError('INVALID_OUTPUT', `${method} produced an invalid result`))
      }
      return { ok: true, value: output.data }
    } catch (error) {
      if (error instanceof RpcError) return failure(error)
      this.#options.onInternalError?.(error, method)
      return failure(new RpcError('INTERNAL', `${method} failed unexpectedly`))
    }
  }

  /** Subscribe to a contract event. Unknown event names are refused, not silently ignored. */
  subscribe(event: unknown, listener: (payload: unknown) => void): Result<() => void> {
    if (typeof event !== 'string' || !isEventName(event)) {
      return failure(new RpcError('UNKNOWN_EVENT', `Unknown event: ${describe(event)}`))
    }
    const name: EventName = event
    return { ok: true, value: this.#options.events.on(name, listener as (payload: EventPayload<EventName>) => void) }
  }
}

/** Validate an event payload against the contract; the core's event bus calls this once per emit. */
export function parseEventPayload<E extends EventName>(event: E, payload: unknown): EventPayload<E> {
  return events[event].payload.parse(payload) as EventPayload<E>
}

function failure(error: RpcError): { ok: false; error: ReturnType<RpcError['toWire']> } {
  return { ok: false, error: error.toWire() }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value)
  return typeof value
}

function issueList(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}

function formatIssues(error: z.ZodError): string {
  return issueList(error)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ')
}
