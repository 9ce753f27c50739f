// `npm start`: build, then open the desktop app — or, where Electron cannot run (no binary, no
// display), say why and start browser mode (`planet serve`) instead. Arguments after `npm start --`
// go to whichever of the two runs, e.g. `npm start -- --port 8080` for browser mode.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronAvailability } from './electron-available.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

build()

const availability = electronAvailability()
if (availability.ok) {
  console.log('start: opening the PLANET desktop app')
  const env = { ...process.env }
  // Set in some shells (e.g. inside other Electron apps' terminals); it would make Electron run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE
  run(availability.binary, [root, ...args], env)
} else {
  console.log(`start: ${availability.reason} — starting browser mode instead.`)
  run(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...args], process.env)
}

/** `electron-vite build` through the local package's own bin script (no npx, no shell). */
function build() {
  const require = createRequire(import.meta.url)
  const packageJsonPath = require.resolve('electron-vite/package.json')
  const { bin } = JSON.parse(readFileSync(packageJsonPath, 'utf8'))
  const binPath = join(dirname(packageJsonPath), typeof bin === 'string' ? bin : bin['electron-vite'])
  const result = spawnSync(process.execPath, [binPath, 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error('start: the build failed')
    process.exit(result.status ?? 1)
  }
}

/**
 * Run the app in the foreground and exit with its code. Ctrl-C reaches the child directly (same
 * process group), so SIGINT is only kept from killing us — forwarding it too would be a second
 * signal, which makes `planet serve` skip its clean shutdown. SIGTERM and SIGHUP are forwarded.
 */
function run(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit' })
  process.on('SIGINT', () => {})
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('error', (error) => {
    console.error(`start: could not run ${command}: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1))
  })
}
