import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RpcClient } from '../../shared/rpc'
import type { CoreOptions } from '../../main/core/core'
import { Core } from '../../main/core/core'
import { Vault } from '../../main/core/vault/vault'
import type { NetworkConfig } from '../../main/core/net/bootstrap'
import { createInProcessTransport } from '../../main/transport/in-process'

/** A scrypt cost that keeps tests fast; production uses the default in main/core/vault/kdf.ts. */
export const TEST_KDF = { N: 1024, r: 8, p: 1 } as const

export async function makeTempDir(prefix = 'planet-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

export interface TestCore {
  core: Core
  client: RpcClient
  dataDir: string
  /** Close the core and delete its data dir. */
  cleanup: () => Promise<void>
}

export interface TestCoreOptions extends Partial<CoreOptions> {
  /**
   * How this Core reaches the DHT: 'off' (the default, no swarm) or a loopback
   * testnet's `network` (test/helpers/testnet.ts). The Core refuses anything
   * else under PLANET_TEST=1.
   */
  network?: NetworkConfig
}

/** A Core in a fresh temp data dir with the in-process transport, as the test host runs it. */
export async function createTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const temp = options.dataDir ? null : await makeTempDir()
  const dataDir = options.dataDir ?? temp!.dir
  const core = new Core({ host: 'test', kdf: TEST_KDF, log: () => undefined, ...options, dataDir, network: options.network ?? 'off' })
  await core.ready()
  const client = new RpcClient(createInProcessTransport(core.router))
  return {
    core,
    client,
    dataDir,
    cleanup: async () => {
      client.close()
      await core.close()
      await temp?.cleanup()
    },
  }
}

/** A real, created (migrated, encrypted, unlocked) vault in a temp dir, for store-level tests without a Core. */
export async function createTestVault(prefix = 'planet-vault-'): Promise<{ vault: Vault; cleanup: () => Promise<void> }> {
  const temp = await makeTempDir(prefix)
  const vault = new Vault({ dir: temp.dir, kdf: TEST_KDF })
  await vault.create('correct horse battery staple')
  return {
    vault,
    cleanup: async () => {
      vault.lock()
      await temp.cleanup()
    },
  }
}
