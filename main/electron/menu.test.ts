import { describe, expect, it } from 'vitest'
import { buildMenuTemplate } from './menu'

describe('buildMenuTemplate', () => {
  it('puts the app menu first on macOS', () => {
    const template = buildMenuTemplate('darwin', 'PLANET')
    expect(template[0]?.label).toBe('PLANET')
    const roles = (template[0]?.submenu as Array<{ role?: string }>).map((item) => item.role).filter(Boolean)
    expect(roles).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(template.slice(1).map((item) => item.role)).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu'])
  })

  it.each(['linux', 'win32'] as const)('uses only the standard menus on %s', (platform) => {
    expect(buildMenuTemplate(platform, 'PLANET').map((item) => item.role)).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu'])
  })
})
