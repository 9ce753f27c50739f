import type { MethodInput, MethodName } from '../../shared/contract'

/** Every cached answer is keyed by [method, input], so events can invalidate a whole method. */
export function apiQueryKey<M extends MethodName>(method: M, input?: MethodInput<M>): readonly unknown[] {
  return input === undefined ? [method] : [method, input]
}
