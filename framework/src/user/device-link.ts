// Linking a new device to the same user. The existing device creates, in every workspace, a
// single-use device invite that only a device of this user can accept, and writes a link
// file to one of the user's storages — the user key and each invite's secret, encrypted
// under a key derived from a one-time secret. It shows a code (or QR code) holding that
// secret. The new device reads the file, takes the user key, and joins each workspace with
// its invite. The link expires (10 minutes by default); the existing device deletes the file
// once it has been used or has expired.

import { importAeadKey, openRandom, sealRandom } from '../crypto/aead.ts'
import { hkdf, randomBytes } from '../crypto/webcrypto.ts'
import { decodeSecretCode, encodeSecretCode, secretField } from '../format/secret-code.ts'
import { withRetries } from '../storage/retrying-storage.ts'
import { fromBase64Url, toBase64Url, toHex, utf8Decode, utf8Encode } from '../util/bytes.ts'
import { ClientfulError } from '../util/errors.ts'
import type { WorkspaceDeps } from '../workspace/workspace-deps.ts'
import type { Workspace } from '../workspace/workspace.ts'

const PREFIX = 'cl1'
const LINK_AAD = utf8Encode('clientful/v1/device-link')
export const DEFAULT_LINK_LIFETIME_MS = 10 * 60_000

export const linkPath = (linkId: string): string => `links/${linkId}.json`

interface LinkBundle {
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

/** Writes the link file and returns the code for the new device. */
export async function createDeviceLink(deps: WorkspaceDeps, workspaces: readonly Workspace[], lifetimeMs = DEFAULT_LINK_LIFETIME_MS): Promise<{ code: string; pending: PendingLink }> {
  const first = workspaces[0]
  if (!first) throw new ClientfulError('invalid-argument', 'create or join a workspace first: the link travels through its storage')
  const expires = deps.now() + lifetimeMs
  const invites: string[] = []
  for (const ws of workspaces) invites.push(await ws.createInvite({ forUser: deps.identity.userId, uses: 1, expiresInMs: lifetimeMs }))
  const bundle: LinkBundle = { user: toBase64Url(deps.identity.user.privateKey.seed!), expires, invites }
  const secret = randomBytes(32)
  const { linkId, key } = await linkKeys(secret)
  const file = { format: 'clientful/link', v: 1, expires, ct: toBase64Url(await sealRandom(key, utf8Encode(JSON.stringify(bundle)), LINK_AAD)) }
  const storage = withRetries(await deps.openStorage(first.config.storage), deps.retry)
  await storage.write(linkPath(linkId), utf8Encode(JSON.stringify(file)))
  return { code: encodeSecretCode(PREFIX, { s: first.config.storage, k: toBase64Url(secret) }), pending: { linkId, storage: first.config.storage, expires } }
}

/** On the new device: reads and opens the link. The caller takes the user key, then joins. */
export async function openDeviceLink(deps: WorkspaceDeps, code: string): Promise<{ userSeed: Uint8Array; invites: string[] }> {
  const decoded = decodeSecretCode(PREFIX, code)
  const fail = (detail: string) => new ClientfulError('invalid-invite', `invalid device link code: ${detail}`)
  if (!decoded.ok) throw fail(decoded.detail)
  const secret = secretField(decoded.value.k)
  if (typeof decoded.value.s !== 'string' || !secret) throw fail('missing storage or secret')
  const { linkId, key } = await linkKeys(secret)
  const storage = withRetries(await deps.openStorage(decoded.value.s), deps.retry)
  const bytes = await storage.read(linkPath(linkId))
  if (!bytes) throw fail('this link was used, has expired, or was never uploaded')
  let bundle: LinkBundle
  try {
    const file = JSON.parse(utf8Decode(bytes)) as { ct: string }
    const plain = await openRandom(key, fromBase64Url(file.ct), LINK_AAD)
    if (!plain) throw new Error('does not decrypt')
    bundle = JSON.parse(utf8Decode(plain)) as LinkBundle
  } catch {
    throw fail('the link file does not open with this code')
  }
  if (deps.now() > bundle.expires) throw fail('this link has expired')
  const userSeed = secretField(bundle.user)
  if (!userSeed || !Array.isArray(bundle.invites)) throw fail('the link file is malformed')
  return { userSeed, invites: bundle.invites }
}
