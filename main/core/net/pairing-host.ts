import BlindPairing from 'blind-pairing'
import type { Member, MemberRequest } from 'blind-pairing'
import type Hyperswarm from 'hyperswarm'
import type { Network } from './network'

/**
 * A blind-pairing instance on a pairing swarm of its own (see
 * Network.createPairingSwarm), made on first use, plus the topics it answers
 * on. Invites and group links each keep one per session.
 */
export class PairingHost {
  readonly #network: Network
  #swarm: Hyperswarm | null = null
  #blind: BlindPairing | null = null
  readonly #members = new Map<string, Member>()
  #closed = false

  constructor(network: Network) {
    this.#network = network
  }

  /** The pairing instance, or null when the network is off or this host was closed. */
  get(): BlindPairing | null {
    if (this.#closed) return null
    if (!this.#blind) {
      this.#swarm = this.#network.createPairingSwarm()
      if (!this.#swarm) return null
      this.#blind = new BlindPairing(this.#swarm, { poll: 2_000 })
    }
    return this.#blind
  }

  /** Answer requests on a topic, once per `name`. */
  answer(name: string, discoveryKey: Uint8Array, onadd: (request: MemberRequest) => Promise<void>): void {
    if (this.#members.has(name)) return
    const blind = this.get()
    if (!blind) return
    this.#members.set(name, blind.addMember({ discoveryKey, onadd }))
  }

  async stopAnswering(name: string): Promise<void> {
    const member = this.#members.get(name)
    this.#members.delete(name)
    await member?.close().catch(() => undefined)
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const member of this.#members.values()) await member.close().catch(() => undefined)
    this.#members.clear()
    await this.#blind?.close().catch(() => undefined)
    if (this.#swarm) await this.#network.destroyPairingSwarm(this.#swarm)
  }
}
