/**
 * Hyperdrive ships no declarations. This folder imports it by file
 * (`hyperdrive/index.js`: the module Node loads for `hyperdrive`), declared
 * here as unknown and typed once in drive.ts, so My docs depends on no other
 * area's declaration of it. The test imports Hyperblobs' block-map code to
 * check drive.ts's encoder against it.
 */
declare module 'hyperdrive/index.js' {
  const Hyperdrive: unknown
  export default Hyperdrive
}

declare module 'hyperblobs/lib/block-map.js' {
  const blockMap: unknown
  export default blockMap
}
