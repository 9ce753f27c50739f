import { ROUTES } from '../../app/vault-routes'
import { parseDocPath } from '../../../shared/domain/docs'

/**
 * A folder of My docs in the address: /docs for the root, /docs/<a>/<b> for
 * folder 'a/b', each segment URI-encoded, so the back button, a reload and a
 * locked-then-unlocked window land in the same folder. Keep isAppPath
 * (app/vault-routes.ts) in step.
 */
export function docsPath(folder: string): string {
  return folder === '' ? ROUTES.docs : `${ROUTES.docs}/${folder.split('/').map(encodeURIComponent).join('/')}`
}

/** The folder an address points at; null when it is not a folder path PLANET would make (mistyped, stale). */
export function folderFromPathname(pathname: string): string | null {
  if (pathname === ROUTES.docs || pathname === `${ROUTES.docs}/`) return ''
  if (!pathname.startsWith(`${ROUTES.docs}/`)) return null
  const segments: string[] = []
  for (const raw of pathname.slice(ROUTES.docs.length + 1).split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (segment.includes('/')) return null
    segments.push(segment)
  }
  const folder = segments.join('/')
  return parseDocPath(folder).ok ? folder : null
}

/** The folders from the root down to `folder`, for the breadcrumb. */
export function breadcrumbOf(folder: string): Array<{ name: string; folder: string }> {
  const crumbs = [{ name: 'My docs', folder: '' }]
  if (folder === '') return crumbs
  const segments = folder.split('/')
  segments.forEach((name, i) => crumbs.push({ name, folder: segments.slice(0, i + 1).join('/') }))
  return crumbs
}
