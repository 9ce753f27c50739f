import type { AreaHandlers } from '../handler-types'
import type { PendingLinks } from './pending-links'

export interface AppInfo {
  host: 'desktop' | 'browser' | 'test'
  version: string
  dataDir: string
  /** Absent where no OS hands links over (tests of other areas). */
  links?: PendingLinks
}

export function createAppHandlers(info: AppInfo): AreaHandlers<'app'> {
  return {
    'app.getInfo': () => ({ name: 'PLANET', version: info.version, host: info.host, dataDir: info.dataDir }),
    'app.takePendingLink': () => info.links?.take() ?? null,
  }
}
