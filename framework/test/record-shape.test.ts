// The one shape checker every stored record goes through: each kind accepts a good value and
// refuses a bad one naming the field; lists, maps and strings are refused past their caps;
// a discriminator names only the shapes it lists.

import { describe, expect, it } from 'vitest'
import { b64, checkShape, hex, list, map, object, oneOf, optional, parseRecord, string, uint, variant, type Shape } from '../src/format/record-shape.ts'
import { utf8Encode } from '../src/util/bytes.ts'

const detail = (value: unknown, shape: Shape): string | undefined => checkShape(value, shape)?.detail

describe('each kind accepts a good value and refuses a bad one, naming the field', () => {
  const cases: [string, Shape, unknown, unknown, string][] = [
    ['hex', { id: hex(4, 'id') }, 'a1b2c3d4', 'A1B2C3D4', 'id must be an 8-hex id'],
    ['hex of the wrong length', { id: hex(4, 'id') }, '00000000', '000000', 'id must be an 8-hex id'],
    ['uint', { n: uint() }, 0, -1, 'n must be a non-negative integer'],
    ['uint, not a fraction', { n: uint() }, 7, 1.5, 'n must be a non-negative integer'],
    ['uint with a minimum', { n: uint(1) }, 1, 0, 'n must be a positive integer'],
    ['uint beyond the safe range', { n: uint() }, Number.MAX_SAFE_INTEGER, 2 ** 60, 'n must be a non-negative integer'],
    ['base64url', { s: b64() }, 'aZ09-_', 'a+b/', 's must be base64url'],
    ['base64url of a length', { s: b64(4) }, 'abcd', 'abcde', 's must be 4 base64url characters'],
    ['string', { name: string(3) }, 'abc', 5, 'name must be a string of at most 3 characters'],
    ['enum', { role: oneOf(['admin', 'reader']) }, 'reader', 'owner', 'role must be one of "admin", "reader"'],
    ['nested object', { by: object({ id: hex(2, 'key') }) }, { id: 'abcd' }, { id: 'xyz' }, 'by.id must be a 4-hex key'],
    ['nested object, not an object', { by: object({ id: hex(2, 'key') }) }, { id: 'abcd' }, ['abcd'], 'by must be an object'],
    ['list item', { xs: list(uint(), 3) }, [1, 2, 3], [1, 'two'], 'xs[1] must be a non-negative integer'],
    ['map value', { m: map(hex(1, 'id'), uint(), 2) }, { aa: 1 }, { aa: -1 }, 'm["aa"] must be a non-negative integer'],
    ['map key', { m: map(hex(1, 'id'), uint(), 2) }, { aa: 1 }, { zz: 1 }, 'm key must be a 2-hex id'],
    ['a message of its own', { at: uint(0, 'must be a timestamp') }, 5, 'now', 'at must be a timestamp'],
  ]
  for (const [name, shape, good, bad, message] of cases) {
    it(name, () => {
      const field = Object.keys(shape)[0]!
      expect(detail({ [field]: good }, shape)).toBeUndefined()
      expect(detail({ [field]: bad }, shape)).toBe(message)
    })
  }

  it('a missing field is refused unless optional; optional still checks a present value', () => {
    expect(detail({}, { id: hex(1, 'id') })).toBe('id must be a 2-hex id')
    expect(detail({}, { id: optional(hex(1, 'id')) })).toBeUndefined()
    expect(detail({ id: 'zz' }, { id: optional(hex(1, 'id')) })).toBe('id must be a 2-hex id')
  })

  it('a refinement on hex names the field and what is wrong', () => {
    const shape = { key: hex(1, 'key', { also: (v) => (v === '00' ? 'the zero key' : undefined) }) }
    expect(detail({ key: '01' }, shape)).toBeUndefined()
    expect(detail({ key: '00' }, shape)).toBe('key is the zero key')
  })

  it('inherited names are not fields: a prototype property does not satisfy a shape', () => {
    expect(detail({}, { toString: optional(string(10)) })).toBeUndefined()
    expect(detail({}, { constructor: string(10) })).toBe('constructor must be a string of at most 10 characters')
  })
})

describe('bounds are checked before contents', () => {
  it('lists past their length, or short of their minimum', () => {
    const shape = { xs: list(uint(), 3, { min: 1 }) }
    expect(detail({ xs: [1, 2, 3] }, shape)).toBeUndefined()
    expect(detail({ xs: [1, 2, 3, 4] }, shape)).toBe('xs must be a list of 1–3')
    expect(detail({ xs: [] }, shape)).toBe('xs must be a list of 1–3')
    expect(detail({ xs: new Array(1000).fill('not checked') }, shape)).toBe('xs must be a list of 1–3')
  })

  it('strings past their length', () => {
    expect(detail({ s: 'x'.repeat(64) }, { s: string(64) })).toBeUndefined()
    expect(detail({ s: 'x'.repeat(65) }, { s: string(64) })).toBe('s must be a string of at most 64 characters')
    expect(detail({ s: '' }, { s: string(64, 1) })).toBe('s must be a string of 1–64 characters')
  })

  it('maps past their number of entries', () => {
    const shape = { m: map(string(4), uint(), 2) }
    expect(detail({ m: { a: 1, b: 2 } }, shape)).toBeUndefined()
    expect(detail({ m: { a: 1, b: 2, c: 3 } }, shape)).toBe('m must be an object of at most 2 entries')
  })
})

describe('closed objects and discriminators', () => {
  const entry: Shape = {
    author: hex(1, 'key'),
    body: variant('type', 'entry', { ack: { seq: uint() }, grant: { to: list(hex(1, 'key'), 2) } }, { closed: true }),
  }

  it('the tag picks the shape of the body', () => {
    expect(detail({ type: 'ack', author: 'aa', body: { seq: 3 } }, entry)).toBeUndefined()
    expect(detail({ type: 'grant', author: 'aa', body: { to: ['bb'] } }, entry)).toBeUndefined()
    expect(detail({ type: 'grant', author: 'aa', body: { seq: 3 } }, entry)).toBe('grant entry: body has an unknown field "seq"')
    expect(detail({ type: 'ack', author: 'aa', body: { seq: -3 } }, entry)).toBe('ack entry: body.seq must be a non-negative integer')
  })

  it('an unknown tag is refused, inherited names included', () => {
    for (const type of ['nope', 'constructor', '__proto__', 'toString', 7, undefined]) {
      expect(detail({ type, author: 'aa', body: {} }, entry)).toBe(`unknown entry type ${JSON.stringify(type)}`)
    }
  })

  it('fields before the body are checked first; a body that is no object is named', () => {
    expect(detail({ type: 'ack', author: 'zz', body: { seq: 1 } }, entry)).toBe('author must be a 2-hex key')
    expect(detail({ type: 'ack', author: 'aa', body: [1] }, entry)).toBe('body must be an object')
  })

  it('an open object keeps fields it does not name (they are signed, and newer writers may add them)', () => {
    expect(detail({ id: 'aa', extra: true }, { id: hex(1, 'id') })).toBeUndefined()
    expect(detail({ by: { id: 'aa', extra: 1 } }, { by: object({ id: hex(1, 'id') }, { closed: true }) })).toBe('by has an unknown field "extra"')
  })
})

describe('parseRecord: size cap, then header, then shape', () => {
  const type = { format: 'clientful/test', maxBytes: 100, prefix: 'field ', shape: { n: uint() } }
  const bytes = (value: unknown) => utf8Encode(JSON.stringify(value))

  it('accepts a record that fits', () => {
    expect(parseRecord(bytes({ format: 'clientful/test', v: 1, n: 2 }), type)).toEqual({ ok: true, value: { format: 'clientful/test', v: 1, n: 2 } })
  })

  it('refuses, in order, an oversized file, another format, a newer version, a bad field', () => {
    expect(parseRecord(bytes({ format: 'clientful/test', v: 1, n: 2, pad: 'x'.repeat(100) }), type)).toMatchObject({ ok: false, reason: 'malformed', detail: expect.stringMatching(/over the 100-byte limit/) })
    expect(parseRecord(bytes({ format: 'clientful/other', v: 1, n: 2 }), type)).toMatchObject({ ok: false, reason: 'malformed', detail: 'expected format "clientful/test"' })
    expect(parseRecord(bytes({ format: 'clientful/test', v: 9, n: 2 }), type)).toMatchObject({ ok: false, reason: 'unsupported-version' })
    expect(parseRecord(bytes({ format: 'clientful/test', v: 1, n: 'two' }), type)).toMatchObject({ ok: false, reason: 'malformed', detail: 'field n must be a non-negative integer' })
    expect(parseRecord(utf8Encode('[1]'), type)).toMatchObject({ ok: false, reason: 'malformed', detail: 'not a JSON object' })
  })
})
