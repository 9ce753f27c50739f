import { describe, expect, it } from 'vitest'
import { BootstrapListError } from './core/net/bootstrap'
import { BOOTSTRAP_ENV, NetworkFlagsError, describeNetwork, isLoopbackBootstrapHost, networkForBootstrap, networkFromEnv, networkFromFlags } from './network-config'

describe('networkFromFlags (planet serve)', () => {
  it('uses the public DHT when neither flag is given', () => {
    expect(networkFromFlags({})).toBe('public')
    expect(networkFromFlags({ offline: false })).toBe('public')
  })

  it('--offline turns the network off', () => {
    expect(networkFromFlags({ offline: true })).toBe('off')
  })

  it('--bootstrap with only local nodes binds the DHT to 127.0.0.1', () => {
    expect(networkFromFlags({ bootstrap: '127.0.0.1:49737, localhost:49738' })).toEqual({
      bootstrap: [
        { host: '127.0.0.1', port: 49737 },
        { host: 'localhost', port: 49738 },
      ],
      host: '127.0.0.1',
    })
  })

  it('--bootstrap with any node elsewhere leaves the bind address to HyperDHT', () => {
    const network = networkFromFlags({ bootstrap: '127.0.0.1:49737,dht.example.org:49737' })
    expect(network).toEqual({
      bootstrap: [
        { host: '127.0.0.1', port: 49737 },
        { host: 'dht.example.org', port: 49737 },
      ],
      host: undefined,
    })
  })

  it('passes BootstrapListError through for a bad list', () => {
    expect(() => networkFromFlags({ bootstrap: '' })).toThrow(BootstrapListError)
    expect(() => networkFromFlags({ bootstrap: 'nope' })).toThrow('"nope" is not host:port')
  })

  it('refuses both flags at once', () => {
    expect(() => networkFromFlags({ bootstrap: '127.0.0.1:1', offline: true })).toThrow(NetworkFlagsError)
  })
})

describe('networkFromEnv (desktop app)', () => {
  it('uses the public DHT unless PLANET_BOOTSTRAP is set', () => {
    expect(networkFromEnv({})).toBe('public')
    expect(networkFromEnv({ [BOOTSTRAP_ENV]: '' })).toBe('public')
    expect(networkFromEnv({ [BOOTSTRAP_ENV]: '   ' })).toBe('public')
  })

  it('reads the list like --bootstrap', () => {
    expect(networkFromEnv({ [BOOTSTRAP_ENV]: '127.0.0.1:40001' })).toEqual({ bootstrap: [{ host: '127.0.0.1', port: 40001 }], host: '127.0.0.1' })
    expect(networkFromEnv({ [BOOTSTRAP_ENV]: '[2001:db8::1]:40001' })).toEqual({ bootstrap: [{ host: '2001:db8::1', port: 40001 }], host: undefined })
  })

  it('names the variable when the list is bad', () => {
    expect(() => networkFromEnv({ [BOOTSTRAP_ENV]: 'localhost' })).toThrow('PLANET_BOOTSTRAP: "localhost" is not host:port')
    expect(() => networkFromEnv({ [BOOTSTRAP_ENV]: ',' })).toThrow('PLANET_BOOTSTRAP: needs at least one host:port')
  })
})

describe('isLoopbackBootstrapHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1'])('%s is on this machine', (host) => {
    expect(isLoopbackBootstrapHost(host)).toBe(true)
  })
  it.each(['128.0.0.1', '127.0.0.256', '10.0.0.1', '0.0.0.0', 'localhost.example', 'dht.example.org', '2001:db8::1'])('%s is not', (host) => {
    expect(isLoopbackBootstrapHost(host)).toBe(false)
  })
  it('an empty list is not local', () => {
    expect(networkForBootstrap([])).toEqual({ bootstrap: [], host: undefined })
  })
})

describe('describeNetwork', () => {
  it('says which DHT in words', () => {
    expect(describeNetwork('public')).toBe('the public DHT')
    expect(describeNetwork('off')).toMatch(/^offline/)
    expect(describeNetwork({ bootstrap: [{ host: '127.0.0.1', port: 1 }, { host: '::1', port: 2 }], host: '127.0.0.1' })).toBe(
      'the DHT at 127.0.0.1:1,[::1]:2 (bound to 127.0.0.1)',
    )
    expect(describeNetwork({ bootstrap: [{ host: 'dht.example.org', port: 3 }] })).toBe('the DHT at dht.example.org:3')
  })
})
