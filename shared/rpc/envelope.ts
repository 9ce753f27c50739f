import { z } from 'zod'
import { ERROR_CODES } from './errors'

/**
 * The messages every transport carries. They are plain JSON so they survive
 * structuredClone, contextBridge (which drops prototypes) and JSON.stringify alike.
 *
 * client → main: call, subscribe, unsubscribe
 * main → client: result, event
 */
const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)
/** Method and event names are short ASCII identifiers; anything else is refused before lookup. */
const name = z.string().min(1).max(100)

export const callMessage = z.object({ type: z.literal('call'), id, method: name, input: z.unknown() })
export const subscribeMessage = z.object({ type: z.literal('subscribe'), id, event: name })
export const unsubscribeMessage = z.object({ type: z.literal('unsubscribe'), id })
export const clientMessage = z.discriminatedUnion('type', [callMessage, subscribeMessage, unsubscribeMessage])

export const wireError = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
})

export const resultMessage = z.union([
  z.object({ type: z.literal('result'), id, ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('result'), id, ok: z.literal(false), error: wireError }),
])
export const eventMessage = z.object({ type: z.literal('event'), id, event: name, payload: z.unknown() })
export const serverMessage = z.union([resultMessage, eventMessage])

export type CallMessage = z.infer<typeof callMessage>
export type SubscribeMessage = z.infer<typeof subscribeMessage>
export type UnsubscribeMessage = z.infer<typeof unsubscribeMessage>
export type ClientMessage = z.infer<typeof clientMessage>
export type ResultMessage = z.infer<typeof resultMessage>
export type EventMessage = z.infer<typeof eventMessage>
export type ServerMessage = z.infer<typeof serverMessage>

/** What a call settles to, with or without the envelope around it. */
export type Result<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: z.infer<typeof wireError> }
