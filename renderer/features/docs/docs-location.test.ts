import { describe, expect, it } from 'vitest'
import { isAppPath } from '../../app/vault-routes'
import { breadcrumbOf, docsPath, folderFromPathname } from './docs-location'

describe('docs location', () => {
  it('round-trips folders through the address, odd characters included', () => {
    for (const folder of ['', 'Projects', 'Projects/2026 plans', 'a/b/c', 'Ünïcödé/50% done', 'hash#and &more']) {
      const path = docsPath(folder)
      expect(folderFromPathname(path), folder).toBe(folder)
      expect(isAppPath(path), path).toBe(true)
    }
  })

  it('refuses addresses PLANET would not make', () => {
    expect(folderFromPathname('/docs/..')).toBeNull()
    expect(folderFromPathname('/docs/%2E%2E')).toBeNull()
    expect(folderFromPathname('/docs/a%2Fb')).toBeNull()
    expect(folderFromPathname('/docs/%E0%A4%A')).toBeNull()
    expect(folderFromPathname('/feeds')).toBeNull()
  })

  it('lists the breadcrumb from the root', () => {
    expect(breadcrumbOf('a/b')).toEqual([
      { name: 'My docs', folder: '' },
      { name: 'a', folder: 'a' },
      { name: 'b', folder: 'a/b' },
    ])
  })
})
