#!/usr/bin/env node
// Prints one closing line for the whole suite, "tests: N passed, N failed, N skipped",
// from the JSON reports vitest and Playwright write to test-results/. Exits non-zero
// when a report is missing or nothing ran, so an empty suite can never look green.
import { existsSync, readFileSync } from 'node:fs'

const reports = [
  { name: 'unit+integration', file: 'test-results/vitest.json', read: readVitest },
  { name: 'e2e', file: 'test-results/e2e.json', read: readPlaywright },
]

let passed = 0
let failed = 0
let skipped = 0
for (const report of reports) {
  if (!existsSync(report.file)) {
    console.error(`test-summary: ${report.file} is missing — did the ${report.name} suite run?`)
    process.exit(1)
  }
  const counts = report.read(JSON.parse(readFileSync(report.file, 'utf8')))
  console.log(`${report.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
  passed += counts.passed
  failed += counts.failed
  skipped += counts.skipped
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
if (failed > 0 || passed === 0) process.exit(1)

function readVitest(json) {
  return {
    passed: json.numPassedTests ?? 0,
    failed: (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0),
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
  }
}

function readPlaywright(json) {
  const stats = json.stats ?? {}
  return { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0 }
}
