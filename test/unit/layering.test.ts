import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The one-way layers (STYLE.md §1) are lint errors. These cases pin the rules
 * themselves, so a config edit that silently drops one fails here.
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layering rules', () => {
  it.each([
    ['main/core/example.ts', "import { app } from 'electron'\nexport const x = app"],
    ['main/core/vault/example.ts', "import { x } from '../../transport/ws-server'\nexport const y = x"],
    ['main/core/example.ts', "import { x } from '../../renderer/app/App'\nexport const y = x"],
    ['shared/contract/example.ts', "import { readFileSync } from 'node:fs'\nexport const x = readFileSync"],
    ['shared/rpc/example.ts', "import { Core } from '../../main/core/core'\nexport const x = Core"],
    ['shared/rpc/example.ts', "import React from 'react'\nexport const x = React"],
    ['renderer/features/example.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer"],
    ['renderer/features/example.ts', "import { Core } from '../../main/core/core'\nexport const x = Core"],
    ['renderer/features/example.ts', "import { join } from 'node:path'\nexport const x = join"],
    ['main/cli-example.ts', "import { app } from 'electron'\nexport const x = app"],
    ['preload/example.ts', "import { Core } from '../main/core/core'\nexport const x = Core"],
  ])('%s may not: %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).not.toEqual([])
  })

  it.each([
    ['main/core/example.ts', "import { join } from 'node:path'\nimport { methods } from '../../shared/contract'\nexport const x = [join, methods]"],
    ['main/electron/example.ts', "import { app } from 'electron'\nimport { Core } from '../core/core'\nexport const x = [app, Core]"],
    ['main/transport/electron-ipc.ts', "import type { IpcMain } from 'electron'\nexport type X = IpcMain"],
    ['renderer/features/example.ts', "import { methods } from '../../../shared/contract'\nexport const x = methods"],
    ['shared/rpc/example.ts', "import { z } from 'zod'\nimport { methods } from '../contract'\nexport const x = [z, methods]"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).toEqual([])
  })
})
