import type { VersionVector } from '../../../shared/domain/folders'

/** How two versions of a path relate: one saw the other, they are the same, or neither saw the other (concurrent). */
export type VectorOrder = 'equal' | 'before' | 'after' | 'concurrent'

/** `before`: a happened before b (b has seen every edit a has). */
export function compareVectors(a: VersionVector, b: VersionVector): VectorOrder {
  let aAhead = false
  let bAhead = false
  for (const device of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[device] ?? 0
    const y = b[device] ?? 0
    if (x > y) aAhead = true
    else if (y > x) bAhead = true
    if (aAhead && bAhead) return 'concurrent'
  }
  if (aAhead) return 'after'
  if (bAhead) return 'before'
  return 'equal'
}

/** a ≤ b: b has seen everything a has. */
export function vectorLeq(a: VersionVector, b: VersionVector): boolean {
  const order = compareVectors(a, b)
  return order === 'equal' || order === 'before'
}

/** The smallest vector that has seen both. */
export function joinVectors(...vectors: Array<VersionVector | undefined>): VersionVector {
  const out: VersionVector = {}
  for (const v of vectors) {
    if (!v) continue
    for (const [device, n] of Object.entries(v)) if (n > (out[device] ?? 0)) out[device] = n
  }
  return out
}

/** A new edit by `device` on top of everything in `seen`. */
export function bumpVector(device: string, ...seen: Array<VersionVector | undefined>): VersionVector {
  const out = joinVectors(...seen)
  out[device] = (out[device] ?? 0) + 1
  return out
}
