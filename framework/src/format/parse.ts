// Parsing untrusted files: bounded size, strict JSON, explicit field checks. Every failure is
// a typed value naming the field, never an exception that could take a client down.

import { utf8Decode } from '../util/bytes.ts'
import { FORMAT_VERSION } from './version.ts'

export type ParseFailure = { ok: false; reason: 'malformed' | 'unsupported-version'; detail: string }
export type Parsed<T> = { ok: true; value: T } | ParseFailure

export function malformed(detail: string): ParseFailure {
  return { ok: false, reason: 'malformed', detail }
}

export function parseJsonObject(bytes: Uint8Array, maxBytes: number): Parsed<Record<string, unknown>> {
  if (bytes.length > maxBytes) return malformed(`file is ${bytes.length} bytes, over the ${maxBytes}-byte limit`)
  let value: unknown
  try {
    value = JSON.parse(utf8Decode(bytes))
  } catch {
    return malformed('not valid UTF-8 JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed('not a JSON object')
  return { ok: true, value: value as Record<string, unknown> }
}

/** Checks the `format` tag and refuses versions newer than this build understands. */
export function checkHeader(record: Record<string, unknown>, format: string, newest = FORMAT_VERSION): ParseFailure | undefined {
  if (record.format !== format) return malformed(`expected format "${format}"`)
  const v = record.v
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) return malformed('field v must be a positive integer')
  if (v > newest) {
    return { ok: false, reason: 'unsupported-version', detail: `format version ${v} is newer than this client understands (${newest}); update the app` }
  }
  return undefined
}

export const is = {
  hex: (value: unknown, bytes?: number): value is string =>
    typeof value === 'string' && /^[0-9a-f]*$/.test(value) && value.length % 2 === 0 && (bytes === undefined || value.length === bytes * 2),
  b64: (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]*$/.test(value),
  uint: (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
  string: (value: unknown, max = 1024): value is string => typeof value === 'string' && value.length <= max,
}
