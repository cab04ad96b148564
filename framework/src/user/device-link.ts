// Linking a new device to the same user. The existing device creates, in every workspace, a
// single-use device invite that only a device of this user can accept, and writes a link
// file to one of the user's storages — the user key and each invite's secret, encrypted
// under a key derived from a one-time secret. It shows a code (or QR code) holding that
// secret. The new device reads the file, takes the user key, and joins each workspace with
// its invite. The link expires (10 minutes by default); the existing device deletes the file
// once it has been used or has expired.

import { importAeadKey, openRandom, sealRandom } from '../crypto/aead.ts'
import { hkdf, randomBytes } from '../crypto/primitives.ts'
import { b64, checkShape, list, parseRecord, string, uint, type RecordType, type ShapeOf } from '../format/record-shape.ts'
import { decodeSecretCode, encodeSecretCode, secretField } from '../format/secret-code.ts'
import { withRetries } from '../storage/retrying-storage.ts'
import { fromBase64Url, toBase64Url, toHex, utf8Decode, utf8Encode } from '../util/bytes.ts'
import { ClientfulError } from '../util/errors.ts'
import type { WorkspaceDeps } from '../workspace/workspace-deps.ts'
import type { Workspace } from '../workspace/workspace.ts'

const PREFIX = 'cl1'
const LINK_AAD = utf8Encode('clientful/v1/device-link')
const LINK_FORMAT = 'clientful/link'
/** A link holds a user key and a few invite codes: a few KiB at most. */
export const MAX_LINK_BYTES = 64 * 1024
export const DEFAULT_LINK_LIFETIME_MS = 10 * 60_000

export const linkPath = (linkId: string): string => `links/${linkId}.json`

export interface LinkBundle {
  readonly user: string
  readonly expires: number
  /** Invite codes, one per workspace. */
  readonly invites: string[]
}

export interface PendingLink {
  readonly linkId: string
  readonly storage: string
  readonly expires: number
}

async function linkKeys(secret: Uint8Array) {
  const [id, key] = await Promise.all([hkdf(secret, 'clientful/v1/link-id', 16), hkdf(secret, 'clientful/v1/link-key')])
  return { linkId: toHex(id), key: await importAeadKey(key) }
}

/** The link file for `secret` (stored at links/<linkId>.json) and its id. */
export async function sealLinkFile(secret: Uint8Array, bundle: LinkBundle): Promise<{ linkId: string; bytes: Uint8Array }> {
  const { linkId, key } = await linkKeys(secret)
  const file = { format: LINK_FORMAT, v: 1, expires: bundle.expires, ct: toBase64Url(await sealRandom(key, utf8Encode(JSON.stringify(bundle)), LINK_AAD)) }
  return { linkId, bytes: utf8Encode(JSON.stringify(file)) }
}

const LINK_RECORD: RecordType = {
  format: LINK_FORMAT,
  maxBytes: MAX_LINK_BYTES,
  prefix: 'field ',
  shape: { expires: uint(), ct: b64() },
}

/** What the link file seals: a user key and one invite code per workspace. */
const BUNDLE_SHAPE: ShapeOf<LinkBundle> = { user: b64(43), expires: uint(), invites: list(string(MAX_LINK_BYTES), 1024) }

/** What a link file holds, or why it cannot be opened with `secret`. */
export async function openLinkFile(secret: Uint8Array, bytes: Uint8Array): Promise<{ ok: true; bundle: LinkBundle } | { ok: false; detail: string }> {
  const parsed = parseRecord<{ ct: string }>(bytes, LINK_RECORD)
  if (!parsed.ok) return { ok: false, detail: parsed.detail }
  let bundle: unknown
  try {
    const plain = await openRandom((await linkKeys(secret)).key, fromBase64Url(parsed.value.ct), LINK_AAD)
    bundle = plain && JSON.parse(utf8Decode(plain))
  } catch {
    // not JSON inside
  }
  if (bundle === undefined) return { ok: false, detail: 'the link file does not open with this code' }
  const bad = checkShape(bundle, BUNDLE_SHAPE, 'the link file is malformed: ')
  return bad ? { ok: false, detail: bad.detail } : { ok: true, bundle: bundle as LinkBundle }
}

export function encodeLinkCode(storage: string, secret: Uint8Array): string {
  return encodeSecretCode(PREFIX, { s: storage, k: toBase64Url(secret) })
}

/** Writes the link file and returns the code for the new device. */
export async function createDeviceLink(deps: WorkspaceDeps, workspaces: readonly Workspace[], lifetimeMs = DEFAULT_LINK_LIFETIME_MS): Promise<{ code: string; pending: PendingLink }> {
  const first = workspaces[0]
  if (!first) throw new ClientfulError('invalid-argument', 'create or join a workspace first: the link travels through its storage')
  const expires = deps.now() + lifetimeMs
  const invites: string[] = []
  for (const ws of workspaces) invites.push(await ws.createInvite({ forUser: deps.identity.userId, uses: 1, expiresInMs: lifetimeMs }))
  const bundle: LinkBundle = { user: toBase64Url(deps.identity.user.privateKey.seed!), expires, invites }
  const secret = randomBytes(32)
  const { linkId, bytes } = await sealLinkFile(secret, bundle)
  const storage = withRetries(await deps.openStorage(first.config.storage), deps.retry)
  await storage.write(linkPath(linkId), bytes)
  return { code: encodeLinkCode(first.config.storage, secret), pending: { linkId, storage: first.config.storage, expires } }
}

/** On the new device: reads and opens the link. The caller takes the user key, then joins. */
export async function openDeviceLink(deps: WorkspaceDeps, code: string): Promise<{ userSeed: Uint8Array; invites: string[] }> {
  const decoded = decodeSecretCode(PREFIX, code)
  const fail = (detail: string) => new ClientfulError('invalid-invite', `invalid device link code: ${detail}`)
  if (!decoded.ok) throw fail(decoded.detail)
  const secret = secretField(decoded.value.k)
  if (typeof decoded.value.s !== 'string' || !secret) throw fail('missing storage or secret')
  const { linkId } = await linkKeys(secret)
  const storage = withRetries(await deps.openStorage(decoded.value.s), deps.retry)
  const bytes = await storage.read(linkPath(linkId), { maxBytes: MAX_LINK_BYTES })
  if (!bytes) throw fail('this link was used, has expired, or was never uploaded')
  const opened = await openLinkFile(secret, bytes)
  if (!opened.ok) throw fail(opened.detail)
  const { bundle } = opened
  if (deps.now() > bundle.expires) throw fail('this link has expired')
  const userSeed = secretField(bundle.user)
  if (!userSeed || !Array.isArray(bundle.invites)) throw fail('the link file is malformed')
  return { userSeed, invites: bundle.invites }
}
