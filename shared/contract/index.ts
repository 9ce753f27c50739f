import type { z } from 'zod'
import { alertEvents, alertMethods } from './alerts'
import { appEvents, appMethods } from './app'
import { chatEvents, chatMethods } from './chats'
import { contactEvents, contactMethods } from './contacts'
import { docEvents, docMethods } from './docs'
import { feedEvents, feedMethods } from './feeds'
import { folderEvents, folderMethods } from './folders'
import { groupEvents, groupMethods } from './groups'
import { identityEvents, identityMethods } from './identity'
import { inviteEvents, inviteMethods } from './invites'
import { networkEvents, networkMethods } from './network'
import { relayEvents, relayMethods } from './relays'
import { vaultEvents, vaultMethods } from './vault'
import type { EventDef, MethodDef } from './define'

/**
 * The whole API between the UI and the core, declared once.
 * Checklist when adding an area: add `shared/contract/<area>.ts`, spread it
 * here, add its handlers in `main/core/<area>/` and wire them in `main/core/core.ts`
 * (the compiler insists on the last step).
 */
export const methods = {
  ...appMethods,
  ...vaultMethods,
  ...identityMethods,
  ...networkMethods,
  ...inviteMethods,
  ...contactMethods,
  ...chatMethods,
  ...groupMethods,
  ...relayMethods,
  ...feedMethods,
  ...docMethods,
  ...folderMethods,
  ...alertMethods,
} as const

export const events = {
  ...appEvents,
  ...vaultEvents,
  ...identityEvents,
  ...networkEvents,
  ...inviteEvents,
  ...contactEvents,
  ...chatEvents,
  ...groupEvents,
  ...relayEvents,
  ...feedEvents,
  ...docEvents,
  ...folderEvents,
  ...alertEvents,
} as const

export type Methods = typeof methods
export type Events = typeof events
export type MethodName = keyof Methods
export type EventName = keyof Events

/** What the caller passes (before zod defaults and transforms). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
/** What the handler receives (after validation). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name)
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name)
}

// Compile-time check that every entry is well formed.
methods satisfies Record<string, MethodDef>
events satisfies Record<string, EventDef>

export type { MethodDef, EventDef } from './define'
