// One-line codes that carry secrets out of band (invites, device links, recovery kits):
//   <prefix>.<base64url(JSON)>.<base64url(first 4 bytes of SHA-256(JSON))>
// The checksum catches a truncated or mistyped code before any network call.

import { sha256 } from '@noble/hashes/sha2.js'
import { fromBase64Url, isBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../util/bytes.ts'

export type DecodedCode = { ok: true; value: Record<string, unknown> } | { ok: false; detail: string }

function checksum(payload: Uint8Array): string {
  return toBase64Url(sha256(payload).subarray(0, 4))
}

export function encodeSecretCode(prefix: string, json: Record<string, unknown>): string {
  const payload = utf8Encode(JSON.stringify(json))
  return `${prefix}.${toBase64Url(payload)}.${checksum(payload)}`
}

/** Finds `<prefix>.…` in the text (a bare code, a link, or a pasted kit) and checks it. */
export function decodeSecretCode(prefix: string, text: string): DecodedCode {
  const found = new RegExp(`(?:^|[^A-Za-z0-9_])(${prefix}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`).exec(text.trim())?.[1]
  if (!found) return { ok: false, detail: `expected ${prefix}.<data>.<checksum>` }
  const [, data, sum] = found.split('.') as [string, string, string]
  if (!isBase64Url(data) || !isBase64Url(sum)) return { ok: false, detail: 'it contains characters that are not base64url' }
  const payload = fromBase64Url(data)
  if (checksum(payload) !== sum) return { ok: false, detail: 'checksum mismatch (truncated or mistyped)' }
  try {
    const value = JSON.parse(utf8Decode(payload)) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, detail: 'payload is not a JSON object' }
    return { ok: true, value: value as Record<string, unknown> }
  } catch {
    return { ok: false, detail: 'payload is not JSON' }
  }
}

/** A base64url field holding exactly 32 bytes, or undefined. */
export function secretField(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || !isBase64Url(value)) return undefined
  const bytes = fromBase64Url(value)
  return bytes.length === 32 ? bytes : undefined
}
