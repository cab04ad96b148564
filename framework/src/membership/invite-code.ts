// Invite codes: everything a new device needs to join, in one pasteable line.
//   cf1.<base64url(JSON {s: storage URL, r?: relay URL, w: workspace id, k: invite secret})>.<checksum>
// The checksum (4 bytes of SHA-256) catches a truncated or mistyped code before any network
// call. The secret derives the invite's signing key and the key to its lockbox; it never
// appears in storage.

import { sha256 } from '@noble/hashes/sha2.js'
import { fromBase64Url, isBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../util/bytes.ts'
import { importAeadKey, type AeadKey } from '../crypto/aead.ts'
import { keyPairFromSeed, type KeyPair } from '../crypto/keys.ts'
import { hkdf } from '../crypto/webcrypto.ts'

const PREFIX = 'cf1'

export interface InviteCode {
  readonly storage: string
  readonly relay: string | undefined
  readonly ws: string
  readonly secret: Uint8Array
}

export type ParsedInvite = { ok: true; value: InviteCode } | { ok: false; detail: string }

function checksum(payload: Uint8Array): string {
  return toBase64Url(sha256(payload).subarray(0, 4))
}

export function encodeInviteCode(code: InviteCode): string {
  const json: Record<string, string> = { s: code.storage, w: code.ws, k: toBase64Url(code.secret) }
  if (code.relay) json.r = code.relay
  const payload = utf8Encode(JSON.stringify(json))
  return `${PREFIX}.${toBase64Url(payload)}.${checksum(payload)}`
}

export function parseInviteCode(text: string): ParsedInvite {
  const fail = (detail: string): ParsedInvite => ({ ok: false, detail: `invalid invite code: ${detail}` })
  const trimmed = text.trim()
  // Accept a whole invite link too: the code is the part after "invite=" or "#/join/".
  const fromLink = /(?:invite=|#\/join\/)(cf1\.[A-Za-z0-9_.-]+)/.exec(trimmed)?.[1]
  const parts = (fromLink ?? trimmed).split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX) return fail(`expected cf1.<data>.<checksum>`)
  const [, data, sum] = parts as [string, string, string]
  if (!isBase64Url(data) || !isBase64Url(sum)) return fail('it contains characters that are not base64url')
  const payload = fromBase64Url(data)
  if (checksum(payload) !== sum) return fail('checksum mismatch (truncated or mistyped)')
  let json: Record<string, unknown>
  try {
    json = JSON.parse(utf8Decode(payload)) as Record<string, unknown>
  } catch {
    return fail('payload is not JSON')
  }
  if (typeof json.s !== 'string' || json.s.length === 0) return fail('missing storage location')
  if (json.r !== undefined && typeof json.r !== 'string') return fail('relay must be a URL')
  if (typeof json.w !== 'string' || !/^[0-9a-f]{32}$/.test(json.w)) return fail('missing workspace id')
  if (typeof json.k !== 'string' || !isBase64Url(json.k)) return fail('missing secret')
  const secret = fromBase64Url(json.k)
  if (secret.length !== 32) return fail('secret must be 32 bytes')
  return { ok: true, value: { storage: json.s, relay: json.r, ws: json.w, secret } }
}

export interface InviteKeys {
  readonly signing: KeyPair
  readonly lockbox: AeadKey
}

export async function deriveInviteKeys(secret: Uint8Array): Promise<InviteKeys> {
  const [seed, lockbox] = await Promise.all([hkdf(secret, 'clientful/v1/invite-sign'), hkdf(secret, 'clientful/v1/invite-lockbox')])
  return { signing: await keyPairFromSeed('Ed25519', seed), lockbox: await importAeadKey(lockbox) }
}
