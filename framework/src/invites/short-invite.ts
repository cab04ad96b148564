// Short invite links: a person gets `…#/j/<code>` (a QR code holds it easily), where the code
// is a 16-byte link secret, the first 8 bytes of the workspace id and a 2-byte checksum in
// base64url (35 characters), optionally followed by `.` and the storage URL in base64url when
// the app cannot know it (it is not the deployment's default). Each part has its own checksum
// (the storage part's over all of it), so a link cut short anywhere is caught and the storage
// part can still be dropped whole. Everything else — relay, inviter, storage access — is in the
// invite card in storage, sealed under a key from the secret (invite-card.ts), and the invite's
// own 32-byte secret derives from the link secret, so nothing secret sits in storage in the
// clear and the full code never has to travel. Every holder of the link can derive the card's
// key and so write a card: the workspace id in the link is what a card must match (a workspace
// id is its genesis hash: 64 bits cannot be ground to name a workspace someone else founded).

import { sha256 } from '@noble/hashes/sha2.js'
import { hkdf } from '../crypto/primitives.ts'
import { fromBase64Url, fromHex, isBase64Url, toBase64Url, toHex, utf8Decode, utf8Encode } from '../util/bytes.ts'

export const LINK_SECRET_BYTES = 16
/** How much of the workspace id (hex, 16 bytes) a link carries. */
const WORKSPACE_BYTES = 8
const CHECK_BYTES = 2
const CODE_CHARS = Math.ceil(((LINK_SECRET_BYTES + WORKSPACE_BYTES + CHECK_BYTES) * 4) / 3)
const CODE = new RegExp(`(?:#/j/|^)([A-Za-z0-9_-]{${CODE_CHARS}})(?:\\.([A-Za-z0-9_-]+))?$`)

export interface ShortInvite {
  readonly linkSecret: Uint8Array
  /** The first 16 hex characters of the workspace's id: the card found must name that workspace. */
  readonly workspacePrefix: string
  /** Where the invite card is, when the code says so. */
  readonly storage: string | undefined
}

export type ParsedShortInvite = { readonly ok: true; readonly value: ShortInvite } | { readonly ok: false; readonly detail: string }

export function encodeShortInvite(linkSecret: Uint8Array, workspace: string, storage?: string): string {
  if (linkSecret.length !== LINK_SECRET_BYTES) throw new TypeError(`a link secret is ${LINK_SECRET_BYTES} bytes`)
  if (!/^[0-9a-f]{32}$/.test(workspace)) throw new TypeError('a workspace id is 32 hex characters')
  const bound = new Uint8Array([...linkSecret, ...fromHex(workspace.slice(0, WORKSPACE_BYTES * 2))])
  const head = toBase64Url(new Uint8Array([...bound, ...checksum(bound, undefined)]))
  return storage === undefined ? head : `${head}.${toBase64Url(new Uint8Array([...utf8Encode(storage), ...checksum(bound, storage)]))}`
}

/** Whether `text` (a bare code or a link) looks like a short invite rather than a full cf1 code. */
export function isShortInvite(text: string): boolean {
  return CODE.test(text.trim())
}

export function parseShortInvite(text: string): ParsedShortInvite {
  const match = CODE.exec(text.trim())
  if (!match) return { ok: false, detail: `expected an invite link (…#/j/<${CODE_CHARS} characters>)` }
  const bytes = fromBase64Url(match[1]!)
  const bound = bytes.subarray(0, LINK_SECRET_BYTES + WORKSPACE_BYTES)
  const value = { linkSecret: bound.slice(0, LINK_SECRET_BYTES), workspacePrefix: toHex(bound.subarray(LINK_SECRET_BYTES)) }
  const hint = match[2]
  const damaged = { ok: false, detail: 'checksum mismatch: the link is mistyped or cut short' } as const
  if (toBase64Url(bytes.subarray(bound.length)) !== toBase64Url(checksum(bound, undefined))) return damaged
  if (hint === undefined) return { ok: true, value: { ...value, storage: undefined } }
  const tail = isBase64Url(hint) ? fromBase64Url(hint) : new Uint8Array(0)
  if (tail.length <= CHECK_BYTES) return damaged
  const storage = utf8Decode(tail.subarray(0, tail.length - CHECK_BYTES))
  if (toBase64Url(tail.subarray(tail.length - CHECK_BYTES)) !== toBase64Url(checksum(bound, storage))) return damaged
  return { ok: true, value: { ...value, storage } }
}

/** Over the link secret and workspace prefix (`bound`), and the storage URL when there is one. */
function checksum(bound: Uint8Array, storage: string | undefined): Uint8Array {
  const tail = storage === undefined ? new Uint8Array(0) : utf8Encode(`\n${storage}`)
  return sha256(new Uint8Array([...bound, ...tail])).subarray(0, CHECK_BYTES)
}

/** The invite's secret (what a full cf1 code carries): derived, so the link never holds it. */
export function inviteSecretOf(linkSecret: Uint8Array): Promise<Uint8Array> {
  return hkdf(linkSecret, 'clientful/v1/short-invite/secret')
}
