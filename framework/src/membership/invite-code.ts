// Invite codes: everything a new device needs to join, in one pasteable line (or a link
// whose fragment is `#/join/<code>`): cf1.<base64url(JSON {s: storage URL, r?: relay URL,
// w: workspace id, k: invite secret})>.<checksum>. The secret derives the invite's signing
// key and the key to its lockbox; it never appears in storage.

import { toBase64Url, utf8Encode } from '../util/bytes.ts'
import { importAeadKey, type AeadKey } from '../crypto/aead.ts'
import { keyPairFromSeed, type KeyPair } from '../crypto/keys.ts'
import { hkdf } from '../crypto/webcrypto.ts'
import { decodeSecretCode, encodeSecretCode, secretField } from '../format/secret-code.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'

const PREFIX = 'cf1'

export interface InviteCode {
  readonly storage: string
  readonly relay: string | undefined
  readonly ws: string
  readonly secret: Uint8Array
  /** The workspace's shared credentials for its storage, when it has any. */
  readonly credentials?: StorageCredentials | undefined
}

export type ParsedInvite = { ok: true; value: InviteCode } | { ok: false; detail: string }

export function encodeInviteCode(code: InviteCode): string {
  return encodeSecretCode(PREFIX, {
    s: code.storage,
    w: code.ws,
    k: toBase64Url(code.secret),
    ...(code.relay ? { r: code.relay } : {}),
    ...(code.credentials ? { c: code.credentials } : {}),
  })
}

export function parseInviteCode(text: string): ParsedInvite {
  const fail = (detail: string): ParsedInvite => ({ ok: false, detail: `invalid invite code: ${detail}` })
  const decoded = decodeSecretCode(PREFIX, text)
  if (!decoded.ok) return fail(decoded.detail)
  const json = decoded.value
  if (typeof json.s !== 'string' || json.s.length === 0) return fail('missing storage location')
  if (json.r !== undefined && typeof json.r !== 'string') return fail('relay must be a URL')
  if (typeof json.w !== 'string' || !/^[0-9a-f]{32}$/.test(json.w)) return fail('missing workspace id')
  const secret = secretField(json.k)
  if (!secret) return fail('missing or malformed secret')
  const credentials = json.c
  if (credentials !== undefined && !isCredentials(credentials)) return fail('credentials must be an object of strings')
  return { ok: true, value: { storage: json.s, relay: json.r, ws: json.w, secret, credentials } }
}

function isCredentials(value: unknown): value is StorageCredentials {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
}

export interface InviteKeys {
  readonly signing: KeyPair
  readonly lockbox: AeadKey
}

export async function deriveInviteKeys(secret: Uint8Array): Promise<InviteKeys> {
  const [seed, lockbox] = await Promise.all([hkdf(secret, 'clientful/v1/invite-sign'), hkdf(secret, 'clientful/v1/invite-lockbox')])
  return { signing: await keyPairFromSeed('Ed25519', seed), lockbox: await importAeadKey(lockbox) }
}

/** Associated data of the epoch secret an invite entry seals under the invite's key. */
export const inviteLockboxAad = (epoch: string): Uint8Array => utf8Encode(`clientful/v1/invite-lockbox/${epoch}`)
