import type { FeedTerm } from '../../../shared/domain/feed-builder'

/**
 * "Why am I seeing this?": each term the core ranked an item by, in its own
 * words, with the factor it multiplied the score by ("× 0.80"). Terms that
 * only let an item in (a follow, an included tag) weigh 1.
 */
export function formatWeight(weight: number): string {
  if (!Number.isFinite(weight)) return '× ?'
  if (weight !== 0 && Math.abs(weight) < 0.01) return `× ${weight.toPrecision(1)}`
  return `× ${weight.toFixed(2)}`
}

export interface WhyLine {
  key: string
  label: string
  weight: string
}

/** The lines to list, in the core's order (the order its ranking applied them). */
export function whyLines(terms: readonly FeedTerm[]): WhyLine[] {
  return terms.map((term, index) => ({ key: `${index}-${term.term}`, label: term.label, weight: formatWeight(term.weight) }))
}

/** The score a feed gave an item, for the end of the list ("Score 0.42"). */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return 'Score ?'
  if (score !== 0 && Math.abs(score) < 0.01) return `Score ${score.toPrecision(2)}`
  return `Score ${score.toFixed(2)}`
}
