import type { Menu, MenuItemConstructorOptions } from 'electron'

/**
 * The application menu: Electron's standard roles only, so labels, shortcuts
 * and translations are the platform's own. macOS gets its app menu first;
 * elsewhere the File menu carries Quit. No item reaches the renderer.
 */
export function buildMenuTemplate(platform: NodeJS.Platform, appName: string): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    })
  }
  template.push({ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' })
  return template
}

/** Install the menu; `menu` is Electron's Menu class, passed in so this module stays importable in tests. */
export function installApplicationMenu(menu: typeof Menu, platform: NodeJS.Platform, appName: string): void {
  menu.setApplicationMenu(menu.buildFromTemplate(buildMenuTemplate(platform, appName)))
}
