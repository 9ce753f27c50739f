import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Demo } from '../../scripts/demo'
import { runDemo } from '../../scripts/demo'
import { makeTempDir } from '../helpers/core'

/** `npm run demo -- --relay`: the demo's steps plus a community relay that holds the group for both people. */
describe('demo with a relay', () => {
  let demo: Demo | undefined
  let temp: Awaited<ReturnType<typeof makeTempDir>> | undefined
  afterAll(async () => {
    await demo?.close()
    await temp?.cleanup()
  })

  it('starts a relay, adds it to the group, and reports it in sync for Ada and Ben', async () => {
    temp = await makeTempDir()
    const staticDir = join(temp.dir, 'renderer')
    await mkdir(staticDir)
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>PLANET demo test</title>')
    const lines: string[] = []
    demo = await runDemo({ log: (line) => lines.push(line), staticDir, tempRoot: temp.dir, relay: true })
    expect(lines.find((line) => line.includes('a community relay keeps the group available'))).toMatch(/planet:\/\/relay\/[0-9A-Z-]+/)
    for (const person of [demo.ada, demo.ben]) {
      const [relay] = await person.client.call('relays.listGroupRelays', { groupId: person.groupId })
      expect(relay?.status).toMatchObject({ reachable: true, admitted: true, inSync: true })
    }
  }, 180_000)
})
