import { describe, expect, it } from 'vitest'
import type { Reshare, SignedPost } from '../../../../shared/domain/posts'
import { POST_LIMITS } from '../../../../shared/domain/posts'
import { sign } from '../../identity/signing'
import {
  IMPORT_DOMAIN,
  POST_DOMAIN,
  RESHARE_DOMAIN,
  chainOriginal,
  deletionApplies,
  editPost,
  importSigningBytes,
  isLaterEdit,
  postSigningBytes,
  reshare,
  reshareSigningBytes,
  signImport,
  signComment,
  signPost,
  signPostDeletion,
  verifyChain,
  verifyComment,
  verifyImport,
  verifyPost,
  verifyPostDeletion,
} from './post-signing'
import { T0, identity, postRecordOf } from './test-kit'

const alice = identity(1)
const bob = identity(2)
const carol = identity(3)
const dave = identity(4)

const post = signPost(postRecordOf(alice), alice.secretKey)

function clone<T>(value: T): T {
  return structuredClone(value)
}

describe('canonical bytes', () => {
  it('are the domain line and sorted, compact JSON — pinned, because readers outside PLANET rebuild them', () => {
    const record = postRecordOf(alice, {
      title: 'Grüße & <tags> "quoted"',
      body: 'line\n\ttab \\ end',
      tags: ['zürich', 'b'],
      mentions: [bob.hex],
      images: [{ name: 'stall.jpg', mime: 'image/jpeg', size: 1234, sha256: 'ab'.repeat(32) }],
    })
    const signed = signPost(record, alice.secretKey)
    const expected =
      'planet/post/v1\n' +
      '{"author":"8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c",' +
      '"body":"line\\n\\ttab \\\\ end",' +
      '"createdAt":1741944600000,' +
      '"editedAt":null,' +
      '"id":"0123456789abcdef0123456789abcdef",' +
      `"images":[{"mime":"image/jpeg","name":"stall.jpg","sha256":"${'ab'.repeat(32)}","size":1234}],` +
      '"kind":"blog",' +
      '"mentions":["8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394"],' +
      '"relevance":"neighbourhood",' +
      '"tags":["zürich","b"],' +
      '"title":"Grüße & <tags> \\"quoted\\"",' +
      '"v":1}'
    expect(postSigningBytes(signed).toString('utf8')).toBe(expected)
    expect(postSigningBytes(signed).equals(Buffer.from(expected, 'utf8'))).toBe(true)
    // Ed25519 is deterministic: the signature is pinned too.
    expect(signed.sig).toBe(Buffer.from(sign(Buffer.from(expected, 'utf8'), alice.secretKey)).toString('hex'))
  })

  it('do not depend on the order of the keys in the object', () => {
    const reversed = Object.fromEntries(Object.entries(post).reverse()) as SignedPost
    expect(postSigningBytes(reversed).equals(postSigningBytes(post))).toBe(true)
    expect(verifyPost(reversed).ok).toBe(true)
  })

  it('differ per record kind (domain separation)', () => {
    expect(postSigningBytes(post).subarray(0, POST_DOMAIN.length).toString()).toBe(POST_DOMAIN)
    const item = signImport(importRecord(), bob.secretKey)
    expect(importSigningBytes(item).subarray(0, IMPORT_DOMAIN.length).toString()).toBe(IMPORT_DOMAIN)
    const shared = reshare(post, bob, 'look', T0 + 1)
    expect(reshareSigningBytes(shared).subarray(0, RESHARE_DOMAIN.length).toString()).toBe(RESHARE_DOMAIN)
  })
})

describe('posts', () => {
  it('sign and verify', () => {
    const verdict = verifyPost(post)
    expect(verdict).toEqual({ ok: true, record: post })
    expect(verifyPost(JSON.parse(JSON.stringify(post)))).toEqual({ ok: true, record: post })
  })

  it('refuse to sign with a key that is not the author’s, or an invalid record', () => {
    expect(() => signPost(postRecordOf(alice), bob.secretKey)).toThrow(TypeError)
    expect(() => signPost(postRecordOf(alice, { title: '' }), alice.secretKey)).toThrow()
    expect(() => signPost(postRecordOf(alice, { tags: ['Food'] }), alice.secretKey)).toThrow()
    expect(() => signPost({ ...postRecordOf(alice), sig: post.sig } as never, alice.secretKey)).toThrow()
  })

  const tampers: Array<[string, (p: SignedPost) => void]> = [
    ['v', (p) => Object.assign(p, { v: 2 })],
    ['id', (p) => (p.id = 'f'.repeat(32))],
    ['author', (p) => (p.author = bob.hex)],
    ['kind', (p) => (p.kind = 'post')],
    ['title', (p) => (p.title += '!')],
    ['title (one character changed)', (p) => (p.title = p.title.replace('M', 'm'))],
    ['body', (p) => (p.body += ' ')],
    ['tags (reordered)', (p) => p.tags.reverse()],
    ['tags (removed)', (p) => p.tags.pop()],
    ['tags (added)', (p) => p.tags.push('extra')],
    ['relevance', (p) => (p.relevance = 'world')],
    ['mentions', (p) => p.mentions.push(carol.hex)],
    ['images', (p) => p.images.push({ name: 'x.png', mime: 'image/png', size: 1, sha256: '0'.repeat(64) })],
    ['createdAt', (p) => (p.createdAt += 1)],
    ['editedAt', (p) => (p.editedAt = p.createdAt + 1)],
    ['sig (one bit)', (p) => (p.sig = (p.sig[0] === '0' ? '1' : '0') + p.sig.slice(1))],
    ['sig (another post’s)', (p) => (p.sig = signPost(postRecordOf(alice, { title: 'Other' }), alice.secretKey).sig)],
  ]

  it.each(tampers)('fail verification when %s is tampered with', (_field, tamper) => {
    const copy = clone(post)
    tamper(copy)
    const verdict = verifyPost(copy)
    expect(verdict.ok).toBe(false)
  })

  it('report a bad signature apart from a malformed record', () => {
    expect(verifyPost({ ...post, title: 'Changed' })).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
    expect(verifyPost({ ...post, extra: 1 })).toEqual({ ok: false, problem: 'MALFORMED' })
    expect(verifyPost({ ...post, tags: ['food', 'market'] })).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
  })

  it('never throw on hostile input', () => {
    const hostile: unknown[] = [
      null,
      undefined,
      0,
      'post',
      [],
      [post],
      {},
      { ...post, sig: 'zz' },
      { ...post, author: 'not hex' },
      { ...post, author: 'ff'.repeat(32) },
      { ...post, createdAt: 1.5 },
      { ...post, createdAt: Number.NaN },
      { ...post, title: '\ud800' },
      { ...post, body: 'x'.repeat(POST_LIMITS.body + 1) },
      { ...post, tags: new Array(1000).fill('a') },
      new Proxy(
        {},
        {
          get() {
            throw new Error('boom')
          },
          ownKeys() {
            throw new Error('boom')
          },
        },
      ),
    ]
    for (const value of hostile) {
      expect(() => verifyPost(value)).not.toThrow()
      expect(verifyPost(value).ok).toBe(false)
    }
    // Inherited fields are read as the record's: the same bytes, so the same verdict.
    expect(verifyPost(Object.create({ ...post })).ok).toBe(true)
  })

  it('are edited by their author: same id, re-signed, later version', () => {
    const edited = editPost(post, { title: 'Market day, updated', tags: ['market'] }, T0 + 60_000, alice.secretKey)
    expect(verifyPost(edited).ok).toBe(true)
    expect(edited).toMatchObject({ id: post.id, createdAt: post.createdAt, editedAt: T0 + 60_000, title: 'Market day, updated', tags: ['market'] })
    expect(isLaterEdit(post, edited)).toBe(true)
    expect(isLaterEdit(edited, post)).toBe(false)
    expect(isLaterEdit(edited, edited)).toBe(false)
    // Bob cannot "edit" Alice's post: his record names him as author, so it is another post.
    const forged = signPost({ ...postRecordOf(bob), id: post.id, editedAt: T0 + 120_000 }, bob.secretKey)
    expect(isLaterEdit(post, forged)).toBe(false)
    expect(() => editPost(post, { body: 'x' }, T0 + 1, bob.secretKey)).toThrow(TypeError)
    expect(() => editPost(post, { body: 'x' }, T0 - 1, alice.secretKey)).toThrow()
  })

  it('are deleted by their author with a signed deletion', () => {
    const deletion = signPostDeletion({ v: 1, id: post.id, author: alice.hex, deletedAt: T0 + 5 }, alice.secretKey)
    expect(verifyPostDeletion(deletion).ok).toBe(true)
    expect(deletionApplies(deletion, post)).toBe(true)
    expect(verifyPostDeletion({ ...deletion, id: 'a'.repeat(32) })).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
    const bobs = signPostDeletion({ v: 1, id: post.id, author: bob.hex, deletedAt: T0 + 5 }, bob.secretKey)
    expect(deletionApplies(bobs, post)).toBe(false)
    expect(() => signPostDeletion({ v: 1, id: post.id, author: alice.hex, deletedAt: T0 }, bob.secretKey)).toThrow(TypeError)
    // A post signature is not a deletion signature, even over the same fields.
    expect(verifyPostDeletion({ v: 1, id: post.id, author: alice.hex, deletedAt: T0, sig: post.sig }).ok).toBe(false)
  })
})

describe('reshare chains', () => {
  /** Alice posts, Bob reshares, Carol reshares Bob's, Dave reshares Carol's. */
  const one = reshare(post, bob, 'Worth a look', T0 + 1_000)
  const two = reshare(one, carol, 'Via Bob', T0 + 2_000)
  const three = reshare(two, dave, '', T0 + 3_000)

  it('keep the original signature and add the resharer’s', () => {
    expect(one.original).toEqual(post)
    expect(one.resharer).toBe(bob.hex)
    expect(verifyPost(one.original).ok).toBe(true)
    expect(chainOriginal(three)).toEqual(post)
  })

  it('of three links verify, link by link', () => {
    const verdict = verifyChain(three)
    expect(verdict.ok).toBe(true)
    expect(verdict.brokenAt).toBeNull()
    expect(verdict.links.map((link) => [link.position, link.role, link.identity, link.did, link.ok])).toEqual([
      [0, 'author', alice.hex, alice.did, true],
      [1, 'resharer', bob.hex, bob.did, true],
      [2, 'resharer', carol.hex, carol.did, true],
      [3, 'resharer', dave.hex, dave.did, true],
    ])
    expect(verifyChain(JSON.parse(JSON.stringify(three))).ok).toBe(true)
  })

  it('report a tampered middle link at its position, and the links that signed over it as broken too', () => {
    const tampered = clone(three)
    ;((tampered.original as Reshare).original as Reshare).comment = 'Bob never said this'
    const verdict = verifyChain(tampered)
    expect(verdict.ok).toBe(false)
    expect(verdict.brokenAt).toBe(1)
    expect(verdict.links.map((link) => link.ok)).toEqual([true, false, false, false])
    expect(verdict.links[1]).toMatchObject({ identity: bob.hex, problem: 'BAD_SIGNATURE' })
  })

  it('report a replaced signature at its link', () => {
    const tampered = clone(three)
    ;(tampered.original as Reshare).sig = one.sig
    const verdict = verifyChain(tampered)
    expect(verdict.brokenAt).toBe(2)
    expect(verdict.links.map((link) => link.ok)).toEqual([true, true, false, false])
  })

  it('report a tampered original at the author', () => {
    const tampered = clone(two)
    ;(tampered.original as Reshare).original = { ...post, body: 'Changed' }
    const verdict = verifyChain(tampered)
    expect(verdict.brokenAt).toBe(0)
    expect(verdict.links.map((link) => link.ok)).toEqual([false, false, false])
  })

  it('fail when the original is swapped for another validly signed post', () => {
    const other = signPost(postRecordOf(alice, { id: 'e'.repeat(32), title: 'Something else' }), alice.secretKey)
    const swapped = { ...one, original: other }
    const verdict = verifyChain(swapped)
    expect(verdict.ok).toBe(false)
    expect(verdict.links.map((link) => link.ok)).toEqual([true, false])
    expect(verdict.brokenAt).toBe(1)
  })

  it('fail when the resharer is swapped, or a link is passed off as a post', () => {
    expect(verifyChain({ ...one, resharer: carol.hex }).brokenAt).toBe(1)
    expect(verifyPost(one).ok).toBe(false)
    // A reshare signature cannot pass for the post's own.
    expect(verifyPost({ ...post, sig: one.sig }).ok).toBe(false)
  })

  it('report a malformed link without giving up on the others', () => {
    const malformed = clone(two) as unknown as Record<string, unknown>
    ;(malformed.original as Record<string, unknown>).extra = 'smuggled'
    const verdict = verifyChain(malformed)
    expect(verdict.problem).toBeNull()
    expect(verdict.links[1]).toMatchObject({ position: 1, ok: false, problem: 'MALFORMED' })
    expect(verdict.links[0]?.ok).toBe(true)
  })

  it('refuse chains deeper than the limit, and never throw', () => {
    let chain: SignedPost | Reshare = post
    for (let index = 0; index < POST_LIMITS.reshareDepth; index++) chain = reshare(chain, bob, `${index}`, T0 + index)
    expect(verifyChain(chain).ok).toBe(true)
    expect(() => reshare(chain, carol, 'one too many', T0)).toThrow(TypeError)
    const tooDeep = { ...one, original: chain }
    expect(verifyChain(tooDeep)).toMatchObject({ ok: false, problem: 'TOO_DEEP' })

    let nested: Record<string, unknown> = { original: null }
    for (let index = 0; index < 100_000; index++) nested = { original: nested }
    const cyclic: Record<string, unknown> = { ...one }
    cyclic.original = cyclic
    for (const value of [null, 'x', post, {}, { original: 1 }, nested, cyclic, { ...one, original: [post] }]) {
      expect(() => verifyChain(value)).not.toThrow()
      expect(verifyChain(value).ok).toBe(false)
    }
  })

  it('cannot be made of something that does not verify', () => {
    expect(() => reshare({ ...post, title: 'x' }, bob, '', T0)).toThrow(TypeError)
    expect(() => reshare(post, bob, 'x'.repeat(POST_LIMITS.comment + 1), T0)).toThrow(TypeError)
    expect(() => reshare(post, { publicKey: bob.publicKey, secretKey: carol.secretKey }, '', T0)).toThrow(TypeError)
  })
})

function importRecord() {
  return {
    v: 1 as const,
    sourceUrl: 'https://news.example.org/feed.xml',
    title: 'Town council approves the new cycle lane',
    link: 'https://news.example.org/2025/03/cycle-lane',
    summary: 'The council voted 12 to 3 in favour.',
    publishedAt: T0 - 3_600_000,
    importer: bob.hex,
    importedAt: T0,
  }
}

describe('imported feed items', () => {
  const item = signImport(importRecord(), bob.secretKey)

  it('are signed by the importing member and verify', () => {
    expect(verifyImport(item)).toEqual({ ok: true, record: item })
    expect(verifyImport({ ...item, publishedAt: null }).ok).toBe(false)
    expect(signImport({ ...importRecord(), publishedAt: null }, bob.secretKey).publishedAt).toBeNull()
  })

  it.each(['sourceUrl', 'title', 'link', 'summary', 'publishedAt', 'importer', 'importedAt'] as const)('fail when %s is tampered with', (field) => {
    const value = item[field]
    const changed = typeof value === 'number' ? value + 1 : field === 'importer' ? carol.hex : field.endsWith('rl') || field === 'link' ? `${value}?x` : `${value}.`
    expect(verifyImport({ ...item, [field]: changed }).ok).toBe(false)
  })

  it('refuse other URL schemes and a key that is not the importer’s', () => {
    expect(() => signImport({ ...importRecord(), link: 'javascript:alert(1)' }, bob.secretKey)).toThrow()
    expect(() => signImport({ ...importRecord(), sourceUrl: 'file:///etc/passwd' }, bob.secretKey)).toThrow()
    expect(() => signImport(importRecord(), alice.secretKey)).toThrow(TypeError)
    expect(verifyImport({ ...item, sig: post.sig }).ok).toBe(false)
    expect(verifyImport(post).ok).toBe(false)
  })
})

describe('comments', () => {
  const ada = identity(1)
  const ben = identity(2)
  const record = {
    v: 1 as const,
    id: 'aa'.repeat(16),
    author: ben.hex,
    postAuthor: ada.hex,
    postId: '0123456789abcdef0123456789abcdef',
    replyTo: null,
    body: 'Which cover crop did you use?',
    createdAt: T0 + 60_000,
  }

  it('sign and verify, and a changed body or post breaks the signature', () => {
    const signed = signComment(record, ben.secretKey)
    expect(verifyComment(signed)).toEqual({ ok: true, record: signed })
    expect(verifyComment({ ...signed, body: 'Spam' })).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
    expect(verifyComment({ ...signed, postId: 'ff'.repeat(16) })).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
  })

  it('refuse to sign in someone else’s name, an empty body, or a post signature passed off as a comment', () => {
    expect(() => signComment(record, ada.secretKey)).toThrow(/does not belong/)
    expect(() => signComment({ ...record, body: '   ' }, ben.secretKey)).toThrow()
    const post = signPost(postRecordOf(ada), ada.secretKey)
    expect(verifyComment({ ...record, sig: post.sig })).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
    expect(verifyComment({ ...record, sig: 'zz' })).toEqual({ ok: false, problem: 'MALFORMED' })
    expect(verifyComment(null)).toEqual({ ok: false, problem: 'MALFORMED' })
  })
})
