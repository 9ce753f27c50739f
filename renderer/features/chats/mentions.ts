import { GROUP_LIMITS } from '../../../shared/domain/groups'

/** A group member who can be @mentioned. */
export interface MentionCandidate {
  id: string
  name: string
}

/** The longest "@query" offered suggestions: past that the person is not looking for a name. */
const MAX_QUERY = 30

/**
 * The "@…" being typed right before the cursor: where its "@" is and what
 * follows it. An "@" inside a word (an e-mail address) starts nothing.
 */
export function activeMention(text: string, cursor: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]*)$/.exec(text.slice(0, cursor))
  if (!match) return null
  const query = match[2]!
  if (query.length > MAX_QUERY) return null
  return { start: cursor - query.length - 1, query }
}

/** Members whose name (or a word of it) starts with the query, by name; at most `max`. */
export function matchingCandidates<C extends MentionCandidate>(candidates: readonly C[], query: string, max = 8): C[] {
  const needle = query.toLocaleLowerCase()
  return candidates
    .filter((candidate) => {
      const name = candidate.name.toLocaleLowerCase()
      return name.startsWith(needle) || name.split(/\s+/).some((word) => word.startsWith(needle))
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
    .slice(0, max)
}

/** Put "@Name " in place of the "@query" being typed; returns the new text and where the cursor goes. */
export function insertMention(text: string, start: number, cursor: number, name: string): { text: string; cursor: number } {
  const inserted = `@${name} `
  const after = text.slice(cursor).replace(/^ /, '')
  return { text: text.slice(0, start) + inserted + after, cursor: start + inserted.length }
}

/**
 * The members a message mentions: each whose "@Name" is in the text as a
 * whole name (not the start of a longer one). Read from the text at send
 * time, so a mention deleted while editing the draft is not sent.
 */
export function mentionedIds(text: string, candidates: readonly MentionCandidate[]): string[] {
  const ids: string[] = []
  for (const candidate of candidates) {
    if (!candidate.name.trim() || ids.includes(candidate.id)) continue
    if (containsMention(text, candidate.name)) ids.push(candidate.id)
    if (ids.length === GROUP_LIMITS.mentionsPerMessage) break
  }
  return ids
}

function containsMention(text: string, name: string): boolean {
  const needle = `@${name}`
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : text[at - 1]!
    const after = text.slice(at + needle.length, at + needle.length + 1)
    if ((before === '' || /\s|[([{"'“‘]/.test(before)) && (after === '' || !/[\p{L}\p{N}_]/u.test(after))) return true
  }
  return false
}
