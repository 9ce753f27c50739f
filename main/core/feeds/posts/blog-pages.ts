import type { SignedPost } from '../../../../shared/domain/posts'
import { publicKeyToDid } from '../../identity/signing'
import { PLANET_XML_NAMESPACE } from './atom-feed'
import { escapeMarkup, rfc3339 } from './markup'
import { POST_DOMAIN } from './post-signing'
import { renderPlainText } from './safe-markdown'

/**
 * The HTML pages of the static blog export. No script anywhere, a
 * Content-Security-Policy that would refuse one anyway, nothing loaded from
 * other sites, and every piece of text escaped (markup.ts).
 */

export interface BlogAuthor {
  did: string
  name: string
  bio: string
}

export interface PageLink {
  post: SignedPost
  /** Path from the export's root: `posts/<slug>.html`. */
  path: string
}

const CSP = "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'"

/** `lang` as BCP 47 only; anything else falls back to "und" (undetermined). */
export function safeLanguageTag(lang: string | undefined): string {
  return lang !== undefined && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'und'
}

function day(ms: number): string {
  return rfc3339(ms).slice(0, 10)
}

function time(ms: number): string {
  return `<time datetime="${rfc3339(ms)}">${day(ms)}</time>`
}

function layout(options: { title: string; root: string; lang: string; author: BlogAuthor; main: string }): string {
  const { root, author } = options
  const e = escapeMarkup
  return `<!doctype html>
<html lang="${e(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="referrer" content="no-referrer">
<title>${e(options.title)}</title>
<link rel="stylesheet" href="${root}style.css">
<link rel="alternate" type="application/atom+xml" title="${e(author.name)}" href="${root}atom.xml">
</head>
<body>
<header class="site"><a href="${root}index.html">${e(author.name)}</a></header>
<main>
${options.main}</main>
<footer class="site">
<p>Every post here is signed by <code class="did">${e(author.did)}</code>. <a href="${root}verify.html">How to verify</a> · <a href="${root}atom.xml">Atom feed</a></p>
</footer>
</body>
</html>
`
}

function tagList(tags: readonly string[]): string {
  if (tags.length === 0) return ''
  return `<ul class="tags">${tags.map((tag) => `<li>#${escapeMarkup(tag)}</li>`).join('')}</ul>\n`
}

export function indexPage(author: BlogAuthor, posts: readonly PageLink[], lang: string): string {
  const e = escapeMarkup
  const list =
    posts.length === 0
      ? '<p class="empty">No posts yet.</p>\n'
      : `<ol class="posts">\n${posts
          .map(({ post, path }) => `<li><a href="${e(path)}">${e(post.title)}</a> ${time(post.createdAt)}${tagList(post.tags)}</li>\n`)
          .join('')}</ol>\n`
  const main = `<h1>${e(author.name)}</h1>
<div class="bio">
${renderPlainText(author.bio)}</div>
<p class="did">Author: <code>${e(author.did)}</code></p>
${list}`
  return layout({ title: author.name, root: '', lang, author, main })
}

export interface PostPageContent {
  post: SignedPost
  html: string
  signed: Buffer
  /** Attached images in the export that the body does not show inline: paths relative to the page. */
  gallery: Array<{ src: string; alt: string }>
}

export function postPage(author: BlogAuthor, content: PostPageContent, lang: string): string {
  const e = escapeMarkup
  const { post } = content
  const edited = post.editedAt !== null ? ` · edited ${time(post.editedAt)}` : ''
  const mentions =
    post.mentions.length > 0
      ? `<p class="mentions">Mentions: ${post.mentions.map((key) => `<code>${e(publicKeyToDid(Buffer.from(key, 'hex')))}</code>`).join(', ')}</p>\n`
      : ''
  const gallery =
    content.gallery.length > 0
      ? `<div class="gallery">\n${content.gallery.map((image) => `<img src="${e(image.src)}" alt="${e(image.alt)}" loading="lazy">\n`).join('')}</div>\n`
      : ''
  const main = `<article class="post">
<h1>${e(post.title)}</h1>
<p class="meta">${time(post.createdAt)}${edited} · relevance: ${e(post.relevance)}</p>
${tagList(post.tags)}${mentions}<div class="body">
${content.html}</div>
${gallery}<section class="signature" id="signature">
<h2>Signature</h2>
<dl>
<dt>Signed by</dt><dd><code>${e(author.did)}</code></dd>
<dt>Algorithm</dt><dd>Ed25519 (RFC 8032)</dd>
<dt>Signature (base64)</dt><dd><code class="blob">${e(Buffer.from(post.sig, 'hex').toString('base64'))}</code></dd>
<dt>Signed bytes (base64)</dt><dd><code class="blob">${e(content.signed.toString('base64'))}</code></dd>
</dl>
<p><a href="../verify.html">How to verify this post</a></p>
</section>
</article>
`
  return layout({ title: `${post.title} — ${author.name}`, root: '../', lang, author, main })
}

/** The steps a reader outside PLANET follows to check a post's signature. */
export function verifyPage(author: BlogAuthor, lang: string): string {
  const e = escapeMarkup
  const snippet = `import { createPublicKey, verify } from 'node:crypto'

// 1. did:key → the 32-byte Ed25519 public key
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
function base58btc(text) {
  let n = 0n
  for (const c of text) n = n * 58n + BigInt(ALPHABET.indexOf(c))
  const hex = n.toString(16)
  const bytes = Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex')
  const zeros = text.length - text.replace(/^1+/, '').length
  return Buffer.concat([Buffer.alloc(zeros), bytes])
}
const did = '${author.did}'
const decoded = base58btc(did.slice('did:key:z'.length))
if (decoded[0] !== 0xed || decoded[1] !== 0x01 || decoded.length !== 34) throw new Error('not an Ed25519 did:key')
const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), decoded.subarray(2)])
const key = createPublicKey({ key: spki, format: 'der', type: 'spki' })

// 2. the two base64 strings of an entry (or of a post page's "Signature" section)
const signed = Buffer.from(SIGNED_BASE64, 'base64')
const signature = Buffer.from(SIGNATURE_BASE64, 'base64')

// 3. check the signature, then read what it vouches for
console.log(verify(null, signed, key, signature))
console.log(JSON.parse(signed.subarray(signed.indexOf(10) + 1).toString('utf8')))`
  const main = `<h1>How to verify these posts</h1>
<p>Each post of this blog is signed with its author's Ed25519 key, named by the DID <code>${e(author.did)}</code>. You can check a signature without PLANET, with any Ed25519 implementation.</p>
<ol class="steps">
<li>In <a href="atom.xml">atom.xml</a>, each <code>&lt;entry&gt;</code> has a <code>&lt;planet:signature&gt;</code> element (namespace <code>${e(PLANET_XML_NAMESPACE)}</code>). Its <code>signed</code> attribute is base64 of the exact bytes that were signed, its text is base64 of the 64-byte signature, its <code>did</code> attribute the author's key. Each post page shows the same two values under “Signature”.</li>
<li>Get the public key from the DID: remove <code>did:key:z</code>, decode the rest as base58btc (Bitcoin alphabet), check that the first two bytes are <code>0xed 0x01</code> (multicodec ed25519-pub) and keep the 32 bytes after them.</li>
<li>Verify the signature over the signed bytes with that key (Ed25519, RFC 8032; the bytes are signed as they are, not hashed first).</li>
<li>Read what was signed: the first line is <code>${e(POST_DOMAIN.trim())}</code>; the rest is the post as canonical JSON (keys sorted, no whitespace, UTF-8) with its id, author key (hex, the same key as the DID), title, markdown body, tags and dates. Compare it with what the page or feed shows.</li>
</ol>
<p>The same in Node.js (no dependencies):</p>
<pre><code>${e(snippet)}
</code></pre>
<p>With OpenSSL 3: put the key in a PEM file (the SPKI bytes above, base64, between <code>-----BEGIN PUBLIC KEY-----</code> lines), decode the two base64 strings to <code>signed.bin</code> and <code>sig.bin</code>, then run <code>openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in signed.bin -sigfile sig.bin</code>.</p>
`
  return layout({ title: `How to verify — ${author.name}`, root: '', lang, author, main })
}

export const STYLESHEET = `:root { color-scheme: light dark; --muted: #6b6b6b; }
body { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem; font: 1.05rem/1.6 system-ui, sans-serif; }
header.site { font-weight: 600; margin-bottom: 2rem; }
header.site a { text-decoration: none; color: inherit; }
footer.site { margin-top: 3rem; font-size: 0.85rem; color: var(--muted); }
code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; }
pre { overflow-x: auto; padding: 0.75rem; background: rgba(127, 127, 127, 0.12); }
code.blob, code.did, .did code { word-break: break-all; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid rgba(127, 127, 127, 0.4); }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid rgba(127, 127, 127, 0.4); padding: 0.25rem 0.5rem; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
.meta, .mentions, time { color: var(--muted); font-size: 0.9rem; }
ul.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; font-size: 0.85rem; }
ol.posts li { margin-bottom: 0.75rem; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.5rem; }
section.signature { margin-top: 3rem; font-size: 0.85rem; border-top: 1px solid rgba(127, 127, 127, 0.4); }
section.signature dd { margin-left: 0; margin-bottom: 0.5rem; }
`
