// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layering rules of ../shared/STYLE.md §1, as lint errors:
 *   shared      → nothing of ours, no Node, no Electron, no React
 *   main/core   → shared and Node; never electron, transports, the shell or the UI
 *   main/*      → shared and main/core; only main/electron and main/transport touch electron
 *   preload     → shared/rpc types only, plus electron's renderer half
 *   renderer    → shared only; no Node, no Electron
 */
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url', 'stream', 'worker_threads']

/** @param {string[]} patterns @param {string} why */
const forbid = (patterns, why) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message: why }] }],
})

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: forbid(
      ['**/main/**', '**/renderer/**', '**/preload/**', '**/test/**', 'electron', 'react', 'react-dom', ...nodeBuiltins],
      'shared/ is pure TypeScript: it imports nothing of ours and no Node, Electron or React (STYLE.md §1).',
    ),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/transport/electron-ipc.ts', 'main/transport/electron-ipc.test.ts'],
    rules: forbid(['electron', '**/renderer/**', '**/preload/**'], 'Only main/electron and the IPC transport touch electron; main never imports the UI.'),
  },
  {
    files: ['main/electron/**/*.ts', 'main/transport/electron-ipc.ts'],
    rules: forbid(['**/renderer/**', '**/preload/**'], 'The shell never imports the UI.'),
  },
  // After the main/** block: flat config lets the later entry win for the same rule.
  {
    files: ['main/core/**/*.ts'],
    rules: forbid(
      ['electron', '**/renderer/**', '**/preload/**', '**/main/electron/**', '**/transport/**', '**/electron/**'],
      'main/core is plain Node: it never imports electron, a transport, the shell or the UI (STYLE.md §1).',
    ),
  },
  {
    files: ['preload/**/*.ts'],
    rules: forbid(['**/main/**', '**/renderer/**', ...nodeBuiltins], 'The preload exposes call/subscribe and nothing else.'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(['electron', '**/main/**', '**/preload/**', '**/test/**', ...nodeBuiltins], 'renderer/ imports only shared/ (STYLE.md §1).'),
  },
)
