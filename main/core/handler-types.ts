import type { MethodName } from '../../shared/contract'
import type { Handlers } from '../../shared/rpc'

/** Who is calling; transports fill it in. Handlers must not trust anything else about the caller. */
export interface CallContext {
  transport: 'ipc' | 'ws' | 'in-process'
}

export type CoreHandlers = Handlers<CallContext>

/** The handlers of one area, e.g. AreaHandlers<'vault'> = every `vault.*` method. */
export type AreaHandlers<Area extends string> = Pick<CoreHandlers, Extract<MethodName, `${Area}.${string}`>>
