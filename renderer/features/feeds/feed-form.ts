import type { MethodInput } from '../../../shared/contract'
import { feedMethods } from '../../../shared/contract/feeds'
import type { FeedDefinition, FeedMix, FeedRelevance, FeedTrust } from '../../../shared/domain/feed-builder'
import { DEFAULT_HOME_FEED, FEED_LIMITS, FEED_RELEVANCES } from '../../../shared/domain/feed-builder'
import type { FieldErrors } from './field-errors'
import { issuesToFieldErrors } from './field-errors'
import { HOME_FEED_ID } from './feeds-location'
import { formatTagInput, invalidTagsError, readTagInput } from './tag-input'

/** A number field's value as Mantine's NumberInput gives it: a number, or the text while it is not one. */
export type NumberValue = number | string

/** The feed builder's fields as edited: weights and numbers as typed, tags as one line each. */
export interface FeedForm {
  name: string
  mix: Record<keyof FeedMix, NumberValue>
  trust: Record<keyof FeedTrust, NumberValue>
  recencyHalfLifeHours: NumberValue
  upvoteWeight: NumberValue
  includeTags: string
  excludeTags: string
  /** Empty = every level. */
  relevance: FeedRelevance[]
  limit: NumberValue
}

export type FeedSaveInput = MethodInput<'feeds.saveFeed'>

export function feedToForm(feed: FeedDefinition): FeedForm {
  return {
    name: feed.name,
    mix: { ...feed.mix },
    trust: { ...feed.trust },
    recencyHalfLifeHours: feed.recencyHalfLifeHours,
    upvoteWeight: feed.upvoteWeight,
    includeTags: formatTagInput(feed.includeTags),
    excludeTags: formatTagInput(feed.excludeTags),
    relevance: [...feed.relevance],
    limit: feed.limit,
  }
}

/** A new feed starts from Home's recipe with an empty name. */
export function newFeedForm(): FeedForm {
  return { ...feedToForm(DEFAULT_HOME_FEED), name: '' }
}

function toNumber(value: NumberValue): number {
  if (typeof value === 'number') return value
  const trimmed = value.trim()
  return trimmed === '' ? Number.NaN : Number(trimmed)
}

const WEIGHT_ERROR = 'Use a number from 0 to 1'
const HALF_LIFE_ERROR = `Use ${FEED_LIMITS.minHalfLifeHours} to ${FEED_LIMITS.maxHalfLifeHours} hours`
const LIMIT_ERROR = `Use a whole number from 1 to ${FEED_LIMITS.pageSize}`

/**
 * The form → feeds.saveFeed input (no id for a new feed), checked by the
 * contract's own schema; numbers get words of ours, since the schema's
 * defaults ("Too small: expected number to be >=1") are not for people.
 */
export function formToInput(form: FeedForm, id: string | null): { input: FeedSaveInput; errors: FieldErrors | null } {
  const include = readTagInput(form.includeTags)
  const exclude = readTagInput(form.excludeTags)
  const mix = Object.fromEntries(Object.entries(form.mix).map(([key, value]) => [key, toNumber(value)])) as FeedMix
  const trust = Object.fromEntries(Object.entries(form.trust).map(([key, value]) => [key, toNumber(value)])) as FeedTrust
  const input: FeedSaveInput = {
    v: 1,
    ...(id === null ? {} : { id }),
    name: form.name.trim(),
    mix,
    trust,
    recencyHalfLifeHours: toNumber(form.recencyHalfLifeHours),
    upvoteWeight: toNumber(form.upvoteWeight),
    includeTags: include.tags,
    excludeTags: exclude.tags,
    relevance: FEED_RELEVANCES.filter((level) => form.relevance.includes(level)),
    limit: toNumber(form.limit),
  }

  const ours: Record<string, string> = {}
  for (const [key, value] of Object.entries(mix)) if (!isWeight(value)) ours[`mix.${key}`] = WEIGHT_ERROR
  for (const [key, value] of Object.entries(trust)) if (!isWeight(value)) ours[`trust.${key}`] = WEIGHT_ERROR
  if (!isWeight(input.upvoteWeight)) ours.upvoteWeight = WEIGHT_ERROR
  const halfLife = input.recencyHalfLifeHours
  if (!Number.isFinite(halfLife) || halfLife < FEED_LIMITS.minHalfLifeHours || halfLife > FEED_LIMITS.maxHalfLifeHours) ours.recencyHalfLifeHours = HALF_LIFE_ERROR
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > FEED_LIMITS.pageSize) ours.limit = LIMIT_ERROR
  const includeError = invalidTagsError(include)
  if (includeError !== null) ours.includeTags = includeError
  const excludeError = invalidTagsError(exclude)
  if (excludeError !== null) ours.excludeTags = excludeError

  const parsed = feedMethods['feeds.saveFeed'].input.safeParse(input)
  const errors = { ...(parsed.success ? {} : issuesToFieldErrors(parsed.error.issues)), ...ours }
  return { input, errors: Object.keys(errors).length === 0 ? null : errors }
}

function isWeight(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 1
}

/** Home can be changed but never deleted. */
export function canDeleteFeed(id: string): boolean {
  return id !== HOME_FEED_ID
}
