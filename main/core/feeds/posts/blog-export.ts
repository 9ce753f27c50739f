import { createHash } from 'node:crypto'
import type { SignedPost } from '../../../../shared/domain/posts'
import { didToPublicKey } from '../../identity/signing'
import { buildAtomFeed } from './atom-feed'
import type { BlogAuthor, PageLink } from './blog-pages'
import { STYLESHEET, indexPage, postPage, safeLanguageTag, verifyPage } from './blog-pages'
import { postSigningBytes, postVersionTime, verifyPost } from './post-signing'
import { renderMarkdown } from './safe-markdown'

/**
 * The public export of a member's blog (First Person Pages): static HTML and
 * an Atom feed whose entries carry the posts' signatures, so a reader outside
 * PLANET can verify them (README.md). Pure: the same posts, author and
 * options always give the same files, byte for byte.
 *
 * Exported: the author's own `blog` posts whose signatures verify, each in
 * its latest version (highest editedAt). Anything else passed in — short
 * posts, other people's posts, records that do not verify — is left out.
 */

export interface BlogExportOptions {
  /** Where the export will be served (http or https); makes the feed's links absolute. */
  baseUrl?: string
  /** The feed's `updated` when there are no posts. */
  now: number
  /** The blog's language (BCP 47) for the pages' `lang`. */
  lang?: string
  /** Bytes of attached images by SHA-256 (hex); only images whose bytes match are exported. */
  images?: ReadonlyMap<string, Uint8Array>
}

/** Relative path → file content. Paths use '/', never start with '/' and never contain '..'. */
export type BlogExport = Map<string, Buffer | string>

/** Raster types only: SVG can carry script. */
const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
}

const SLUG_WORDS = 8

/** `posts/<slug>.html`: the title's ASCII letters and digits, then the id's first 8 hex digits. */
export function postSlug(post: Pick<SignedPost, 'id' | 'title'>): string {
  const words = post.title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .slice(0, SLUG_WORDS)
    .join('-')
    .slice(0, 60)
    .replace(/-+$/, '')
  return words === '' ? post.id.slice(0, 8) : `${words}-${post.id.slice(0, 8)}`
}

function normalizeBaseUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null
  const url = new URL(raw)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('the base URL is http or https')
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

/** The author's verified blog posts, latest version of each, newest first. */
export function exportablePosts(posts: readonly unknown[], authorHex: string): SignedPost[] {
  const latest = new Map<string, SignedPost>()
  for (const candidate of posts) {
    const verdict = verifyPost(candidate)
    if (!verdict.ok || verdict.record.kind !== 'blog' || verdict.record.author !== authorHex) continue
    const post = verdict.record
    const held = latest.get(post.id)
    const newer =
      held === undefined ||
      postVersionTime(post) > postVersionTime(held) ||
      (postVersionTime(post) === postVersionTime(held) && post.sig > held.sig)
    if (newer) latest.set(post.id, post)
  }
  return [...latest.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export function exportBlog(posts: readonly SignedPost[], author: BlogAuthor, options: BlogExportOptions): BlogExport {
  const authorHex = Buffer.from(didToPublicKey(author.did)).toString('hex')
  const baseUrl = normalizeBaseUrl(options.baseUrl)
  const lang = safeLanguageTag(options.lang)
  const name = author.name.trim() === '' ? author.did : author.name.trim()
  const who: BlogAuthor = { did: author.did, name, bio: author.bio }

  const selected = exportablePosts(posts, authorHex)
  const slugs = new Set<string>()
  const links: PageLink[] = selected.map((post) => {
    let slug = postSlug(post)
    if (slugs.has(slug)) slug = post.id
    slugs.add(slug)
    return { post, path: `posts/${slug}.html` }
  })

  const imageFiles = new Map<string, Buffer>()
  /** The export path of an attached image, when its bytes were given, match and are a raster type. */
  const imagePath = (post: SignedPost, name: string): string | null => {
    const ref = post.images.find((image) => image.name === name)
    const extension = ref === undefined ? undefined : IMAGE_EXTENSIONS[ref.mime]
    const bytes = ref === undefined ? undefined : options.images?.get(ref.sha256)
    if (ref === undefined || extension === undefined || bytes === undefined) return null
    if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256) return null
    const path = `images/${ref.sha256}.${extension}`
    imageFiles.set(path, Buffer.from(bytes))
    return path
  }

  const pages = new Map<string, string>()
  const entries = links.map(({ post, path }) => {
    const signed = postSigningBytes(post)
    const inline = new Set<string>()
    const render = (prefix: string) =>
      renderMarkdown(post.body, {
        headingOffset: 1,
        idPrefix: `p${post.id.slice(0, 8)}-`,
        resolveImage: (url) => {
          const name = decodeOrSelf(url)
          const found = imagePath(post, name)
          if (found === null) return null
          inline.add(name)
          return prefix + found
        },
      })
    const pageHtml = render('../')
    const gallery = post.images
      .filter((image) => !inline.has(image.name))
      .flatMap((image) => {
        const found = imagePath(post, image.name)
        return found === null ? [] : [{ src: `../${found}`, alt: image.name }]
      })
    pages.set(path, postPage(who, { post, html: pageHtml, signed, gallery }, lang))
    return { post, href: (baseUrl ?? '') + path, html: render(baseUrl ?? ''), signed }
  })

  const files: BlogExport = new Map()
  files.set('index.html', indexPage(who, links, lang))
  files.set('atom.xml', buildAtomFeed({
    did: author.did,
    name,
    bio: author.bio,
    homeHref: baseUrl ?? 'index.html',
    selfHref: baseUrl === null ? null : `${baseUrl}atom.xml`,
    now: options.now,
    entries,
  }))
  files.set('verify.html', verifyPage(who, lang))
  files.set('style.css', STYLESHEET)
  for (const [path, page] of pages) files.set(path, page)
  for (const path of [...imageFiles.keys()].sort()) files.set(path, imageFiles.get(path) as Buffer)
  return files
}

function decodeOrSelf(url: string): string {
  try {
    return decodeURIComponent(url)
  } catch {
    return url
  }
}
