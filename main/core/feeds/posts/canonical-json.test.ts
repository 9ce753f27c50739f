import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json'

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }], é: 'x', A: 'y' })).toBe('{"A":"y","a":[{"c":null,"d":true}],"b":1,"é":"x"}')
  })

  it('escapes strings as JCS does', () => {
    expect(canonicalJson('"\\\b\f\n\r\t\u0001\u001f/é\u2028🍓<>&')).toBe('"\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f/é\u2028🍓<>&"')
  })

  it('writes integers plainly and refuses other numbers', () => {
    expect(canonicalJson([0, -0, 1, -5, Number.MAX_SAFE_INTEGER])).toBe('[0,0,1,-5,9007199254740991]')
    for (const value of [1.5, Number.NaN, Infinity, 2 ** 53, 1e21]) expect(canonicalJson(value)).toBeNull()
  })

  it('refuses what is not JSON', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const sparse: unknown[] = [1]
    sparse[2] = 3
    for (const value of [undefined, { a: undefined }, () => 1, 1n, Symbol('s'), new Date(0), new Map(), cyclic, sparse, '\udc00', { '\ud800': 1 }]) {
      expect(canonicalJson(value)).toBeNull()
    }
  })

  it('agrees with JSON.parse: parsing the output gives the input back', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), tie('value'), { maxKeys: 4 }),
      ),
    })).value
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value)
        expect(text).not.toBeNull()
        expect(JSON.parse(text as string)).toEqual(value)
        expect(canonicalJson(JSON.parse(text as string))).toBe(text)
      }),
    )
  })
})
