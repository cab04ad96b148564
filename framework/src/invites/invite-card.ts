// The invite card: what a short link leaves out, in storage at invites/<card id>.json, where the
// id and the key both derive from the invite's secret (so only a holder of the link finds and
// reads it). Inside the seal, the card is signed by the inviting device: a joiner checks that
// an admin of the workspace wrote it before showing the inviter's name.

import { importAeadKey, openRandom, sealRandom } from '../crypto/aead.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { hkdf } from '../crypto/primitives.ts'
import { signRecord, verifyRecord } from '../format/signed-record.ts'
import type { Role } from '../api/role.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'
import { readBounded } from '../storage/bounded-read.ts'
import { fromBase64Url, fromHex, toBase64Url, toHex, utf8Encode } from '../util/bytes.ts'
import { b64, hex, map, object, oneOf, optional, parseRecord, string, uint, type RecordType, type ShapeOf } from '../format/record-shape.ts'
import { ROLES } from '../membership/entries.ts'

const FORMAT = 'clientful/invite-card'
const MAX_CARD_BYTES = 16 * 1024

export interface InviteCard {
  readonly format: typeof FORMAT
  readonly v: 1
  readonly ws: string
  /** The workspace's name, for the join screen (the genesis confirms it when it can be opened). */
  readonly name: string
  readonly storage: string
  readonly relay?: string
  /** Storage access the admin chose to give with the invite (sealed: only link holders read it). */
  readonly credentials?: StorageCredentials
  readonly role: Role
  readonly expires?: number
  /** Who invited: a device, its member, and the member's display name then. */
  readonly by: { readonly device: string; readonly user: string; readonly name?: string }
  readonly at: number
  readonly sig: string
}

export type InviteCardFields = Omit<InviteCard, 'format' | 'v' | 'sig'>

async function cardKeys(secret: Uint8Array): Promise<{ readonly path: string; readonly aad: Uint8Array; readonly key: Awaited<ReturnType<typeof importAeadKey>> }> {
  const id = toHex(await hkdf(secret, 'clientful/v1/invite-card/id', 16))
  return { path: `invites/${id}.json`, aad: utf8Encode(`clientful/v1/invite-card/${id}`), key: await importAeadKey(await hkdf(secret, 'clientful/v1/invite-card/key')) }
}

export async function writeInviteCard(storage: UserStorage, secret: Uint8Array, fields: InviteCardFields, signer: PrivateKey): Promise<void> {
  const card = await signRecord<InviteCard>('invite-card', { format: FORMAT, v: 1, ...fields }, signer)
  const { path, aad, key } = await cardKeys(secret)
  const box = await sealRandom(key, utf8Encode(JSON.stringify(card)), aad)
  await storage.write(path, utf8Encode(JSON.stringify({ format: `${FORMAT}/sealed`, v: 1, box: toBase64Url(box) })))
}

export type CardRead = { readonly ok: true; readonly card: InviteCard } | { readonly ok: false; readonly reason: 'not-found' | 'damaged' }

const SEALED_RECORD: RecordType = { format: `${FORMAT}/sealed`, newest: 1, maxBytes: MAX_CARD_BYTES, shape: { box: b64() } }

const CARD_RECORD: RecordType = {
  format: FORMAT,
  newest: 1,
  maxBytes: MAX_CARD_BYTES,
  shape: {
    ws: hex(16, 'workspace id'),
    name: string(1024),
    storage: string(8192, 1),
    relay: optional(string(8192)),
    credentials: optional(map(string(256), string(MAX_CARD_BYTES), 64)),
    role: oneOf(ROLES),
    expires: optional(uint()),
    by: object({ device: hex(32, 'device key'), user: hex(32, 'user key'), name: optional(string(1024)) }),
    at: uint(),
    sig: b64(),
  } satisfies ShapeOf<InviteCard>,
}

/** The card for this secret, opened and its signature checked (its author's rights are the caller's to check). */
export async function readInviteCard(storage: UserStorage, secret: Uint8Array): Promise<CardRead> {
  const { path, aad, key } = await cardKeys(secret)
  const read = await readBounded(storage, path, MAX_CARD_BYTES)
  if (!read.ok) return { ok: false, reason: 'damaged' }
  if (!read.bytes) return { ok: false, reason: 'not-found' }
  const outer = parseRecord<{ box: string }>(read.bytes, SEALED_RECORD)
  if (!outer.ok) return { ok: false, reason: 'damaged' }
  try {
    const plain = await openRandom(key, fromBase64Url(outer.value.box), aad)
    const card = plain && parseRecord<InviteCard>(plain, CARD_RECORD)
    if (!card || !card.ok || !(await verifyRecord('invite-card', card.value, fromHex(card.value.by.device)))) return { ok: false, reason: 'damaged' }
    return { ok: true, card: card.value }
  } catch {
    return { ok: false, reason: 'damaged' }
  }
}
