/**
 * Canonical JSON: the one serialisation of a record that signatures cover.
 * The subset of RFC 8785 (JCS) that post records need, spelled out in
 * README.md so readers outside PLANET can rebuild the bytes:
 *
 * - objects: members sorted by key, compared as UTF-16 code units (the keys
 *   of our records are ASCII, so this is plain byte order); no whitespace;
 * - arrays: in order;
 * - strings: JSON.stringify's escaping, which is JCS's: `\"`, `\\`, `\b`,
 *   `\f`, `\n`, `\r`, `\t`, other characters below U+0020 as `\u00xx`
 *   (lower-case hex), everything else as itself, UTF-8 encoded;
 * - numbers: integers only, |n| ≤ 2^53 − 1, in decimal without exponent;
 *   `-0` is written `0`;
 * - `true`, `false`, `null`.
 *
 * Anything else (undefined, a fraction, NaN, a lone surrogate, a class
 * instance, a cycle) is not canonical JSON: `canonicalJson` returns null, so
 * callers handling peers' input never need a try.
 */

const MAX_DEPTH = 64

export function canonicalJson(value: unknown): string | null {
  try {
    return write(value, 0)
  } catch {
    return null
  }
}

/** UTF-8 bytes of canonicalJson, or null. */
export function canonicalJsonBytes(value: unknown): Buffer | null {
  const json = canonicalJson(value)
  return json === null ? null : Buffer.from(json, 'utf8')
}

class NotCanonical extends Error {}

const LONE_SURROGATE = /\p{Cs}/u

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new NotCanonical('too deep')
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isSafeInteger(value)) throw new NotCanonical('not a safe integer')
      return Object.is(value, -0) ? '0' : String(value)
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new NotCanonical('lone surrogate')
      return JSON.stringify(value)
    case 'object': {
      // Array.from turns holes into undefined, which is refused.
      if (Array.isArray(value)) return `[${Array.from(value as unknown[], (item) => write(item, depth + 1)).join(',')}]`
      const proto = Object.getPrototypeOf(value) as unknown
      if (proto !== Object.prototype && proto !== null) throw new NotCanonical('not a plain object')
      const record = value as Record<string, unknown>
      const keys = Object.keys(record).sort(compareCodeUnits)
      return `{${keys.map((key) => `${write(key, depth + 1)}:${write(record[key], depth + 1)}`).join(',')}}`
    }
    default:
      throw new NotCanonical(`a ${typeof value} is not JSON`)
  }
}

/** JCS orders keys by UTF-16 code units, which is what `<` on strings compares. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
