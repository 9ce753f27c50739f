import type { z } from 'zod'

/**
 * Building blocks of the contract. A *query* reads state and has no effect; a
 * *command* changes state; an *event* is pushed from main to subscribers.
 * The distinction is for readers and for the renderer's cache (commands
 * invalidate, queries are cached); the router treats both the same way.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'query' | 'command'
  readonly input: I
  readonly output: O
  /** True when the method may run while the vault is locked (onboarding, unlock, status). */
  readonly public: boolean
}

export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event'
  readonly payload: P
}

interface MethodOptions {
  /** See MethodDef.public. Defaults to false: most methods need an unlocked vault. */
  public?: boolean
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, options: MethodOptions = {}): MethodDef<I, O> {
  return { kind: 'query', input, output, public: options.public ?? false }
}

export function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, options: MethodOptions = {}): MethodDef<I, O> {
  return { kind: 'command', input, output, public: options.public ?? false }
}

export function event<P extends z.ZodType>(payload: P): EventDef<P> {
  return { kind: 'event', payload }
}
