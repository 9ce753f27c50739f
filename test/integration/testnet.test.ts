import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

/**
 * The loopback testnet every multi-Core test stands on (test/helpers/testnet.ts),
 * used the way the network layer will use it: two Hyperswarms on their own
 * HyperDHT nodes, bound to 127.0.0.1 and bootstrapped from the testnet, find
 * each other by topic and exchange bytes. The test network guard is on
 * (test/helpers/setup.ts), so any packet towards another address would throw.
 */

const require = createRequire(import.meta.url)

/** Just what this test touches of hyperdht and hyperswarm (they ship no types). */
interface Duplex {
  write(data: Uint8Array): boolean
  once(event: 'data', listener: (data: Uint8Array) => void): void
  on(event: 'error', listener: (error: Error) => void): void
}
interface Swarm {
  on(event: 'connection', listener: (socket: Duplex) => void): void
  join(topic: Uint8Array, options: { server: boolean; client: boolean }): { flushed(): Promise<void> }
  flush(): Promise<void>
  destroy(): Promise<void>
}
type HyperDhtClass = new (options: { bootstrap: Array<{ host: string; port: number }>; host: string }) => object
type HyperswarmClass = new (options: { dht: object }) => Swarm

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function testnet(size?: number): Promise<Testnet> {
  const net = await startTestnet(size)
  cleanups.push(() => net.destroy())
  return net
}

describe('startTestnet', () => {
  it('gives a loopback bootstrap list and the NetworkConfig for a Core', async () => {
    const net = await testnet(2)
    expect(net.bootstrap.length).toBeGreaterThan(0)
    for (const node of net.bootstrap) {
      expect(node.host).toBe('127.0.0.1')
      expect(node.port).toBeGreaterThan(0)
    }
    expect(net.network).toEqual({ bootstrap: net.bootstrap, host: '127.0.0.1' })
    await net.destroy()
    await net.destroy() // idempotent
  })

  it('refuses a size below 1', async () => {
    await expect(startTestnet(0)).rejects.toThrow(/size/)
  })

  it('carries a Hyperswarm connection between two peers, over 127.0.0.1 only', async () => {
    const net = await testnet()
    const HyperDHT = require('hyperdht') as HyperDhtClass
    const Hyperswarm = require('hyperswarm') as HyperswarmClass
    const swarm = (): Swarm => {
      const instance = new Hyperswarm({ dht: new HyperDHT({ bootstrap: net.network.bootstrap, host: net.network.host }) })
      cleanups.push(() => instance.destroy())
      return instance
    }
    const a = swarm()
    const b = swarm()
    const topic = new Uint8Array(32).fill(7)

    const received = new Promise<string>((resolve) => {
      a.on('connection', (socket) => {
        socket.on('error', () => undefined)
        socket.once('data', (data) => resolve(Buffer.from(data).toString()))
      })
    })
    b.on('connection', (socket) => {
      socket.on('error', () => undefined)
      socket.write(Buffer.from('hello over loopback'))
    })
    await a.join(topic, { server: true, client: false }).flushed()
    b.join(topic, { server: false, client: true })
    await b.flush()
    expect(await received).toBe('hello over loopback')
  })
})
