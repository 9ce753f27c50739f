import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchResult, BenchSuite } from './bench-kit'

/**
 * `npm run bench [-- filter…]`: runs every bench/*.bench.ts (or those whose
 * file name contains a filter) one after another — never in parallel, so they
 * do not skew each other — and prints one table. Goals are printed, never
 * asserted: the exit code is non-zero only when a suite fails to run.
 */

const filters = process.argv.slice(2)
const dir = import.meta.dirname
const files = (await readdir(dir))
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort()

if (files.length === 0) {
  console.error(`No benchmarks match ${filters.join(', ')}`)
  process.exit(2)
}

const rows: Array<{ suite: string; result: BenchResult }> = []
let failed = 0
for (const file of files) {
  const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: BenchSuite }
  const suite = module.default
  if (!suite || typeof suite.run !== 'function') {
    console.error(`${file}: no default-exported BenchSuite`)
    failed++
    continue
  }
  process.stderr.write(`running ${suite.name} (${file})…\n`)
  try {
    for (const result of await suite.run()) rows.push({ suite: suite.name, result })
  } catch (error) {
    console.error(`${file} failed:`, error)
    failed++
  }
}

const table = [
  ['suite', 'name', 'ours', 'peer', 'ratio', 'goal', 'met'],
  ...rows.map(({ suite, result }) => [
    suite,
    result.name,
    `${format(result.value)} ${result.unit}`,
    `${result.peerName}: ${format(result.peerValue)} ${result.unit}`,
    `${format(result.ratio)}x`,
    result.goal ?? '',
    result.met === undefined ? '' : result.met ? 'yes' : 'NO',
  ]),
]
const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)))
for (const [index, cells] of table.entries()) {
  console.log(cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd())
  if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '))
}
if (failed > 0) process.exitCode = 1

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3)
}
