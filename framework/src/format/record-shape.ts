// Record shapes as data, and the one function that checks a value against one. Every stored
// record type is described here as field → kind (docs/FORMAT.md states the same rules in
// prose), so a field's rule is written once; parse functions add only the rules that relate
// two fields. Every check is bounded (lists and maps by their length before their items,
// strings by their length) and every failure names the field, e.g. `body.lockboxes[2].to`.

import { checkHeader, is, malformed, parseJsonObject, type ParseFailure, type Parsed } from './parse.ts'
import { FORMAT_VERSION } from './version.ts'

export type Kind =
  /** Lowercase hex of exactly `bytes` bytes; `also` adds a check on the string (e.g. a curve point). */
  | { readonly kind: 'hex'; readonly bytes: number; readonly what: string; readonly also?: (value: string) => string | undefined; readonly say?: string }
  /** A safe integer ≥ `min` (0 unless given). */
  | { readonly kind: 'uint'; readonly min: number; readonly say?: string }
  /** base64url without padding, of exactly `chars` characters when given. */
  | { readonly kind: 'b64'; readonly chars?: number; readonly say?: string }
  | { readonly kind: 'string'; readonly min: number; readonly max: number; readonly say?: string }
  | { readonly kind: 'enum'; readonly values: readonly (string | number | boolean)[]; readonly say?: string }
  | { readonly kind: 'optional'; readonly of: Kind }
  /** A JSON object; `closed` refuses fields the shape does not name. */
  | { readonly kind: 'object'; readonly shape: Shape; readonly closed: boolean; readonly say?: string }
  | { readonly kind: 'list'; readonly of: Kind; readonly min: number; readonly max: number; readonly say?: string }
  /** A JSON object used as a map: at most `max` entries, each key and value of its kind. */
  | { readonly kind: 'map'; readonly key: Kind; readonly value: Kind; readonly max: number; readonly say?: string }
  /**
   * An object whose shape is chosen by the sibling field `tag` (membership entries: `type` →
   * body). An unknown tag is refused as `unknown <name> <tag> "…"`; a failure inside is
   * reported as `<tag value> <name>: …`.
   */
  | { readonly kind: 'variant'; readonly tag: string; readonly name: string; readonly cases: { readonly [tag: string]: Shape }; readonly closed: boolean }

export type Shape = { readonly [field: string]: Kind }

/** A shape that names every field of T but the header (`format`, `v`, checked by checkHeader). */
export type ShapeOf<T> = { readonly [K in keyof T as K extends 'format' | 'v' ? never : K]-?: Kind }

/** A stored record type: where its header says what it is, how large it may be, and its shape. */
export interface RecordType {
  readonly format: string
  /** The newest version this build reads (FORMAT_VERSION unless given). */
  readonly newest?: number
  readonly maxBytes: number
  readonly shape: Shape
  /** Put before every shape failure ('field ' for format records). */
  readonly prefix?: string
}

export const hex = (bytes: number, what: string, more: { also?: (value: string) => string | undefined; say?: string } = {}): Kind => ({ kind: 'hex', bytes, what, ...more })
export const uint = (min = 0, say?: string): Kind => (say === undefined ? { kind: 'uint', min } : { kind: 'uint', min, say })
export const b64 = (chars?: number, say?: string): Kind => ({ kind: 'b64', ...(chars === undefined ? {} : { chars }), ...(say === undefined ? {} : { say }) })
export const string = (max: number, min = 0): Kind => ({ kind: 'string', min, max })
export const oneOf = (values: readonly (string | number | boolean)[], say?: string): Kind => (say === undefined ? { kind: 'enum', values } : { kind: 'enum', values, say })
export const optional = (of: Kind): Kind => ({ kind: 'optional', of })
export const object = (shape: Shape, more: { closed?: boolean; say?: string } = {}): Kind => ({ kind: 'object', shape, closed: more.closed ?? false, ...(more.say === undefined ? {} : { say: more.say }) })
export const list = (of: Kind, max: number, more: { min?: number; say?: string } = {}): Kind => ({ kind: 'list', of, max, min: more.min ?? 0, ...(more.say === undefined ? {} : { say: more.say }) })
export const map = (key: Kind, value: Kind, max: number, say?: string): Kind => ({ kind: 'map', key, value, max, ...(say === undefined ? {} : { say }) })
export const variant = (tag: string, name: string, cases: { readonly [tag: string]: Shape }, more: { closed?: boolean } = {}): Kind => ({ kind: 'variant', tag, name, cases, closed: more.closed ?? false })

type Problem = string | undefined

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function describe(kind: Kind): string {
  switch (kind.kind) {
    case 'hex':
      return `must be ${/^(8|11|18)/.test(String(kind.bytes * 2)) ? 'an' : 'a'} ${kind.bytes * 2}-hex ${kind.what}`
    case 'uint':
      return kind.min === 0 ? 'must be a non-negative integer' : kind.min === 1 ? 'must be a positive integer' : `must be an integer of at least ${kind.min}`
    case 'b64':
      return kind.chars === undefined ? 'must be base64url' : `must be ${kind.chars} base64url characters`
    case 'string':
      return kind.min === 0 ? `must be a string of at most ${kind.max} characters` : `must be a string of ${kind.min}–${kind.max} characters`
    case 'enum':
      return `must be one of ${kind.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'object':
    case 'variant':
      return 'must be an object'
    case 'list':
      return kind.min === 0 ? `must be a list of at most ${kind.max}` : `must be a list of ${kind.min}–${kind.max}`
    case 'map':
      return `must be an object of at most ${kind.max} entries`
    case 'optional':
      return describe(kind.of)
  }
}

function checkFields(record: Record<string, unknown>, shape: Shape, closed: boolean, path: string): Problem {
  if (closed) {
    const unknown = Object.keys(record).find((k) => !Object.hasOwn(shape, k))
    if (unknown !== undefined) return `${path || 'record'} has an unknown field ${JSON.stringify(unknown)}`
  }
  for (const [field, kind] of Object.entries(shape)) {
    const problem = checkKind(Object.hasOwn(record, field) ? record[field] : undefined, kind, path ? `${path}.${field}` : field, record)
    if (problem !== undefined) return problem
  }
  return undefined
}

function checkKind(value: unknown, kind: Kind, path: string, parent: Record<string, unknown>): Problem {
  const fail = (): string => `${path} ${'say' in kind && kind.say !== undefined ? kind.say : describe(kind)}`
  switch (kind.kind) {
    case 'hex': {
      if (!is.hex(value, kind.bytes)) return fail()
      const problem = kind.also?.(value)
      return problem === undefined ? undefined : `${path} is ${problem}`
    }
    case 'uint':
      return is.uint(value) && value >= kind.min ? undefined : fail()
    case 'b64':
      return is.b64(value) && (kind.chars === undefined || value.length === kind.chars) ? undefined : fail()
    case 'string':
      return typeof value === 'string' && value.length >= kind.min && value.length <= kind.max ? undefined : fail()
    case 'enum':
      return kind.values.includes(value as string) ? undefined : fail()
    case 'optional':
      return value === undefined ? undefined : checkKind(value, kind.of, path, parent)
    case 'object':
      return isObject(value) ? checkFields(value, kind.shape, kind.closed, path) : fail()
    case 'list': {
      if (!Array.isArray(value) || value.length < kind.min || value.length > kind.max) return fail()
      for (let i = 0; i < value.length; i++) {
        const problem = checkKind(value[i], kind.of, `${path}[${i}]`, parent)
        if (problem !== undefined) return problem
      }
      return undefined
    }
    case 'map': {
      if (!isObject(value)) return fail()
      const entries = Object.entries(value)
      if (entries.length > kind.max) return fail()
      for (const [k, v] of entries) {
        const problem = checkKind(k, kind.key, `${path} key`, value) ?? checkKind(v, kind.value, `${path}[${JSON.stringify(k.length > 16 ? `${k.slice(0, 16)}…` : k)}]`, value)
        if (problem !== undefined) return problem
      }
      return undefined
    }
    case 'variant': {
      if (!isObject(value)) return fail()
      const tag = parent[kind.tag]
      if (typeof tag !== 'string' || !Object.hasOwn(kind.cases, tag)) return `unknown ${kind.name} ${kind.tag} ${JSON.stringify(tag)}`
      const problem = checkFields(value, kind.cases[tag]!, kind.closed, path)
      return problem === undefined ? undefined : `${tag} ${kind.name}: ${problem}`
    }
  }
}

/** Checks `value` against `shape`; the failure's detail names the first field that does not fit. */
export function checkShape(value: unknown, shape: Shape, prefix = ''): ParseFailure | undefined {
  if (!isObject(value)) return malformed(`${prefix}not a JSON object`)
  const problem = checkFields(value, shape, false, '')
  return problem === undefined ? undefined : malformed(`${prefix}${problem}`)
}

/** Parses a stored record: JSON within its size cap, then its header, then its shape. */
export function parseRecord<T>(bytes: Uint8Array, type: RecordType): Parsed<T> {
  const parsed = parseJsonObject(bytes, type.maxBytes)
  if (!parsed.ok) return parsed
  const bad = checkHeader(parsed.value, type.format, type.newest ?? FORMAT_VERSION) ?? checkShape(parsed.value, type.shape, type.prefix)
  return bad ?? { ok: true, value: parsed.value as T }
}
