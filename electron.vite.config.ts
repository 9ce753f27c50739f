import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * One build, three bundles:
 * - main: the Electron entry and the `planet` CLI (plain Node), sharing the core;
 * - preload: a single CommonJS file, because sandboxed preloads cannot load ESM;
 * - renderer: the React app, identical for desktop and browser mode.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('main/electron/main.ts'),
          cli: resolve('main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require node_modules: bundle everything in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default; minified it is ~780 kB instead of 1.8 MB.
      minify: true,
      // A desktop app loads its bundle from local disk; one ~800 kB chunk is fine, the default 500 kB warning is noise.
      chunkSizeWarningLimit: 1000,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
    plugins: [react()],
  },
})
