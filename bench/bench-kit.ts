import type Corestore from 'corestore'
/**
 * Every benchmark reports ratios against a peer measured in the same run on
 * the same machine (plain SQLite, a direct call, raw hypercore…), never
 * absolute times compared with a constant. `npm run bench` prints them all.
 */
export interface BenchResult {
  /** e.g. "vault inserts/s" */
  name: string
  /** Our figure and its unit. */
  value: number
  unit: string
  /** The peer's figure in the same unit, measured in the same run. */
  peerName: string
  peerValue: number
  /** ours/peer for rates (higher is better) or peer/ours for times, as `higherIsBetter` says. */
  ratio: number
  /** The goal from the issue, e.g. ">= 0.9x raw SQLCipher"; printed beside the ratio, never asserted. */
  goal?: string
  /** Did the ratio meet the goal in this run. */
  met?: boolean
}

export interface BenchSuite {
  name: string
  run(): Promise<BenchResult[]>
}

/** Time `fn` in milliseconds with process.hrtime. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** RocksDB operations under a Corestore (hypercore-storage keeps the counters). */
export interface IoStats {
  gets: number
  puts: number
  readBatches: number
  writeBatches: number
}

/** Start counting a Corestore's RocksDB operations; call the result for the difference since. */
export function storeStats(store: Corestore): () => IoStats {
  const stats = (store as unknown as { storage: { rocks: { stats: IoStats } } }).storage.rocks.stats
  const start = { ...stats }
  return () => ({
    gets: stats.gets - start.gets,
    puts: stats.puts - start.puts,
    readBatches: stats.readBatches - start.readBatches,
    writeBatches: stats.writeBatches - start.writeBatches,
  })
}

/** "N read batches (… gets) and M write batches (… puts) per block", per `per` blocks. */
export function ioText(io: IoStats, per: number): string {
  const each = (value: number): string => (value / per).toFixed(1)
  return `${each(io.readBatches)} read batches (${each(io.gets)} gets) and ${each(io.writeBatches)} write batches (${each(io.puts)} puts) per block`
}
