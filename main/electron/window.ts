import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowOptionsInput {
  /** Absolute path of the built preload, out/preload/index.cjs. */
  preloadPath: string
  /** DevTools in development only; a packaged app does not offer them. */
  devTools: boolean
}

/**
 * The main window's options, every web preference spelled out even where it
 * is Electron's default, so a future default change or a careless edit shows
 * up in window.test.ts. Electron security checklist: context isolation,
 * process sandbox, no Node in the page or its workers and frames, web
 * security on, no insecure content, no experimental or Blink features, no
 * <webview>.
 */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'PLANET',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#10131a',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: input.devTools,
    },
  }
}
