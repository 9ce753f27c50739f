import BlindPeer from 'blind-peer'
import type { AddCoreRecord, AddCoresRequest, BlindPeerOptions } from 'blind-peer'
import type { SwarmConnection } from 'hyperswarm'
import hypercoreCrypto from 'hypercore-crypto'

/** Why a core was not taken. */
export type CoreRefusal = 'stranger' | 'not-member' | 'quota'

export interface AdmissionPolicy {
  /**
   * May this device have cores kept, for this referrer (a group's Autobase
   * key, whose discovery key the group registered; null or unknown for a
   * member's own DM spaces)? null = yes, else why not.
   */
  admit(device: string, referrerDiscoveryKey: string | null): Exclude<CoreRefusal, 'quota'> | null
  /** A request (or part of one) was refused. */
  refused(reason: CoreRefusal, device: string, cores: number): void
}

/**
 * blind-peer with PLANET's admission rules in front of its two "keep these
 * cores" requests (the add-core RPC and the blind-peer-muxer batch):
 *   - only a device a group registered may add cores, and for a registered
 *     group's referrer only that group's members;
 *   - when the bytes held reach the quota, cores the relay does not already
 *     hold are refused; cores it holds keep following their writers (see
 *     main/relay/README.md, "Quota") and keep being served.
 * blind-peer's own GC (which would drop old blocks to make room) is off:
 * a community relay must not silently lose a group's history.
 */
export class RelayPeer extends BlindPeer {
  readonly #policy: AdmissionPolicy

  constructor(rocksDir: string, options: BlindPeerOptions & { policy: AdmissionPolicy }) {
    const { policy, ...rest } = options
    super(rocksDir, { ...rest, enableGc: false, trustedPubKeys: [] })
    this.#policy = policy
  }

  get full(): boolean {
    return this.digest.bytesAllocated >= this.maxBytes
  }

  override async _onaddcore(stream: SwarmConnection, record: AddCoreRecord): Promise<unknown> {
    if (!this.opened) await this.ready()
    const device = stream.remotePublicKey.toString('hex')
    const refusal = this.#policy.admit(device, referrerOf(record.referrer))
    if (refusal) {
      this.#policy.refused(refusal, device, 1)
      throw new Error(`refused: ${refusal}`)
    }
    if (this.full && (await this.db.getCoreRecord(record.key)) === null) {
      this.#policy.refused('quota', device, 1)
      throw new Error('refused: the relay is full')
    }
    return super._onaddcore(stream, { ...record, announce: false })
  }

  override async _onaddcores(stream: SwarmConnection, request: AddCoresRequest): Promise<null> {
    if (!this.opened) await this.ready()
    const device = stream.remotePublicKey.toString('hex')
    if (!Array.isArray(request.cores)) return null
    const refusal = this.#policy.admit(device, referrerOf(request.referrer))
    if (refusal) {
      this.#policy.refused(refusal, device, request.cores.length)
      return null
    }
    let cores = request.cores
    if (this.full) {
      // Full: keep what is held up to date, take nothing new.
      const known: typeof cores = []
      for (const core of cores) if ((await this.db.getCoreRecord(core.key)) !== null) known.push(core)
      if (known.length < cores.length) this.#policy.refused('quota', device, cores.length - known.length)
      cores = known
      if (cores.length === 0) return null
    }
    return super._onaddcores(stream, { ...request, cores, announce: false })
  }
}

function referrerOf(referrer: Buffer | null | undefined): string | null {
  if (!referrer || referrer.length !== 32) return null
  return hypercoreCrypto.discoveryKey(referrer).toString('hex')
}
