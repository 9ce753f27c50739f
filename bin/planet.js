#!/usr/bin/env node
// The `planet` command as npm installs it: a thin launcher for the built CLI
// (electron-vite bundles main/cli.ts to out/main/cli.js).
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)

if (!existsSync(cli)) {
  console.error('PLANET is not built yet: run `npm run build` (or `npm start`)')
  process.exit(1)
}

const { runCli } = await import(cli.href)
runCli(process.argv.slice(2))
