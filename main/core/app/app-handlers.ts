import type { AreaHandlers } from '../handler-types'

export interface AppInfo {
  host: 'desktop' | 'browser' | 'test'
  version: string
  dataDir: string
}

export function createAppHandlers(info: AppInfo): AreaHandlers<'app'> {
  return {
    'app.getInfo': () => ({ name: 'PLANET', version: info.version, host: info.host, dataDir: info.dataDir }),
  }
}
