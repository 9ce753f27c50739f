import { describe, expect, it } from 'vitest'
import { createWindowOptions } from './window'

describe('createWindowOptions', () => {
  const options = createWindowOptions({ preloadPath: '/app/out/preload/index.cjs', devTools: false })
  const prefs = options.webPreferences!

  it('isolates and sandboxes the page (Electron security checklist §2–4)', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on and unsafe features off (§6, 8–10, 12)', () => {
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.experimentalFeatures).toBe(false)
    expect(prefs.enableBlinkFeatures).toBeUndefined()
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.navigateOnDragDrop).toBe(false)
  })

  it('loads the sandboxed CommonJS preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })

  it('spell-checks and shows DevTools only when asked', () => {
    expect(prefs.spellcheck).toBe(true)
    expect(prefs.devTools).toBe(false)
    expect(createWindowOptions({ preloadPath: '/p.cjs', devTools: true }).webPreferences?.devTools).toBe(true)
  })

  it('opens hidden (shown on ready-to-show) with the product title', () => {
    expect(options.show).toBe(false)
    expect(options.title).toBe('PLANET')
  })

  it('sets no preference that loosens the defaults', () => {
    const allowed = new Set([
      'preload',
      'contextIsolation',
      'sandbox',
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'webSecurity',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'webviewTag',
      'navigateOnDragDrop',
      'safeDialogs',
      'spellcheck',
      'devTools',
    ])
    expect(Object.keys(prefs).filter((key) => !allowed.has(key))).toEqual([])
  })
})
