import { installNetworkGuard } from './network-guard'

/**
 * Runs before every vitest file. Tests must never reach the public network:
 * PLANET_TEST marks the process so the network layer refuses the public DHT
 * bootstrap, and nothing here has a reason to touch the user's real data dir.
 * The network guard is the second line: any UDP send, UDX send or TCP connect
 * to an address that is not loopback throws (see network-guard.ts).
 */
process.env.PLANET_TEST = '1'
delete process.env.PLANET_HOME
installNetworkGuard()
