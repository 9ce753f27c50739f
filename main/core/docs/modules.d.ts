/**
 * The test checks drive.ts's block-map encoder against Hyperblobs' own
 * decoder, an internal file with no declarations.
 */
declare module 'hyperblobs/lib/block-map.js' {
  const blockMap: unknown
  export default blockMap
}
