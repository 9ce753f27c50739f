import type { SignedPost } from '../../../../shared/domain/posts'
import { escapeMarkup, rfc3339 } from './markup'

/**
 * The blog's Atom 1.0 feed (RFC 4287). Each entry carries its post's
 * signature in an extension element that Atom readers ignore and verifiers
 * read (README.md, "Verifying an exported blog"):
 *
 *     <planet:signature alg="Ed25519" did="did:key:z6Mk…" signed="…">…</planet:signature>
 *
 * `signed` is base64 of the exact signed bytes (domain line + canonical
 * JSON), the element's text is base64 of the 64-byte signature, `did` the
 * author's did:key. The entry's title, dates and content are for reading; the
 * signed payload is what the signature vouches for.
 */
export const PLANET_XML_NAMESPACE = 'https://planet.invalid/ns/1'
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom'

export interface AtomEntry {
  post: SignedPost
  /** Where the entry's page is: absolute with a base URL, else relative to atom.xml. */
  href: string
  /** The post's body as safe HTML. */
  html: string
  /** The exact bytes the post's signature covers. */
  signed: Buffer
}

export interface AtomFeed {
  did: string
  name: string
  bio: string
  /** The blog's home page and the feed's own address (absolute, or relative without a base URL). */
  homeHref: string
  /** Absolute URL of atom.xml, when the export knows where it will be served. */
  selfHref: string | null
  /** Feed `updated` when there is no entry to take it from. */
  now: number
  entries: AtomEntry[]
}

function element(name: string, text: string, attributes = ''): string {
  return `<${name}${attributes}>${escapeMarkup(text)}</${name}>`
}

function attribute(name: string, value: string): string {
  return ` ${name}="${escapeMarkup(value)}"`
}

/** Atom ids must be permanent: the author's DID and the post's random id, never its title or URL. */
export function atomEntryId(did: string, postId: string): string {
  return `${did}/posts/${postId}`
}

export function buildAtomFeed(feed: AtomFeed): string {
  const updated = feed.entries.reduce((latest, entry) => Math.max(latest, entry.post.editedAt ?? entry.post.createdAt), -1)
  const author = `<author>${element('name', feed.name)}${element('uri', feed.did)}</author>`
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed${attribute('xmlns', ATOM_NAMESPACE)}${attribute('xmlns:planet', PLANET_XML_NAMESPACE)}>`,
    element('id', feed.did),
    element('title', feed.name, ' type="text"'),
  ]
  if (feed.bio.trim() !== '') lines.push(element('subtitle', feed.bio, ' type="text"'))
  lines.push(element('updated', rfc3339(updated === -1 ? feed.now : updated)), author, element('generator', 'PLANET'))
  if (feed.selfHref !== null) lines.push(`<link rel="self" type="application/atom+xml"${attribute('href', feed.selfHref)}/>`)
  lines.push(`<link rel="alternate" type="text/html"${attribute('href', feed.homeHref)}/>`)
  for (const entry of feed.entries) {
    const { post } = entry
    lines.push(
      '<entry>',
      element('id', atomEntryId(feed.did, post.id)),
      element('title', post.title, ' type="text"'),
      element('published', rfc3339(post.createdAt)),
      element('updated', rfc3339(post.editedAt ?? post.createdAt)),
      author,
      `<link rel="alternate" type="text/html"${attribute('href', entry.href)}/>`,
      ...post.tags.map((tag) => `<category${attribute('term', tag)}/>`),
      element('content', entry.html, ' type="html"'),
      element(
        'planet:signature',
        Buffer.from(post.sig, 'hex').toString('base64'),
        `${attribute('alg', 'Ed25519')}${attribute('did', feed.did)}${attribute('signed', entry.signed.toString('base64'))}`,
      ),
      '</entry>',
    )
  }
  lines.push('</feed>', '')
  return lines.join('\n')
}
