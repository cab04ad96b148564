// Short invite links: a person gets `…#/j/<code>` (a QR code holds it easily), where the code
// is a 16-byte link secret and a 2-byte checksum in base64url (24 characters), optionally
// followed by `.` and the storage URL in base64url when the app cannot know it (it is not the
// deployment's default). Each part has its own checksum (the storage part over both), so a link
// cut short anywhere is caught and the storage part can still be dropped whole. Everything
// else — workspace, relay, inviter, storage access — is in the invite card in storage, sealed
// under a key from the secret (invite-card.ts), and the invite's own 32-byte secret derives
// from the link secret, so nothing secret sits in storage in the clear and the full code
// never has to travel.

import { sha256 } from '@noble/hashes/sha2.js'
import { hkdf } from '../crypto/primitives.ts'
import { fromBase64Url, isBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../util/bytes.ts'

export const LINK_SECRET_BYTES = 16
const CHECK_BYTES = 2
const CODE = /(?:#\/j\/|^)([A-Za-z0-9_-]{24})(?:\.([A-Za-z0-9_-]+))?$/

export interface ShortInvite {
  readonly linkSecret: Uint8Array
  /** Where the invite card is, when the code says so. */
  readonly storage: string | undefined
}

export type ParsedShortInvite = { readonly ok: true; readonly value: ShortInvite } | { readonly ok: false; readonly detail: string }

export function encodeShortInvite(linkSecret: Uint8Array, storage?: string): string {
  if (linkSecret.length !== LINK_SECRET_BYTES) throw new TypeError(`a link secret is ${LINK_SECRET_BYTES} bytes`)
  const head = toBase64Url(new Uint8Array([...linkSecret, ...checksum(linkSecret, undefined)]))
  return storage === undefined ? head : `${head}.${toBase64Url(new Uint8Array([...utf8Encode(storage), ...checksum(linkSecret, storage)]))}`
}

/** Whether `text` (a bare code or a link) looks like a short invite rather than a full cf1 code. */
export function isShortInvite(text: string): boolean {
  return CODE.test(text.trim())
}

export function parseShortInvite(text: string): ParsedShortInvite {
  const match = CODE.exec(text.trim())
  if (!match) return { ok: false, detail: 'expected an invite link (…#/j/<24 characters>)' }
  const bytes = fromBase64Url(match[1]!)
  const linkSecret = bytes.subarray(0, LINK_SECRET_BYTES)
  const hint = match[2]
  const damaged = { ok: false, detail: 'checksum mismatch: the link is mistyped or cut short' } as const
  if (toBase64Url(bytes.subarray(LINK_SECRET_BYTES)) !== toBase64Url(checksum(linkSecret, undefined))) return damaged
  if (hint === undefined) return { ok: true, value: { linkSecret, storage: undefined } }
  const tail = isBase64Url(hint) ? fromBase64Url(hint) : new Uint8Array(0)
  if (tail.length <= CHECK_BYTES) return damaged
  const storage = utf8Decode(tail.subarray(0, tail.length - CHECK_BYTES))
  if (toBase64Url(tail.subarray(tail.length - CHECK_BYTES)) !== toBase64Url(checksum(linkSecret, storage))) return damaged
  return { ok: true, value: { linkSecret, storage } }
}

function checksum(linkSecret: Uint8Array, storage: string | undefined): Uint8Array {
  const tail = storage === undefined ? new Uint8Array(0) : utf8Encode(`\n${storage}`)
  return sha256(new Uint8Array([...linkSecret, ...tail])).subarray(0, CHECK_BYTES)
}

/** The invite's secret (what a full cf1 code carries): derived, so the link never holds it. */
export function inviteSecretOf(linkSecret: Uint8Array): Promise<Uint8Array> {
  return hkdf(linkSecret, 'clientful/v1/short-invite/secret')
}
