// The shapes of membership files from storage: every field of every entry type, as data for
// format/record-shape.ts, which names the field that does not fit. Rules that depend on the
// log's state are in rules.ts.

import { ed25519KeyProblem } from '../crypto/ed25519-public-key.ts'
import type { Parsed } from '../format/parse.ts'
import { b64, hex, list, map, object, oneOf, optional, parseRecord, uint, variant, type RecordType, type ShapeOf } from '../format/record-shape.ts'
import type { DeviceRecord } from '../identity/device-identity.ts'
import { ENTRY_FORMAT, GENESIS_FORMAT, MAX_ENTRY_BYTES, ROLES, type EntryBodies, type GenesisFile, type Lockbox, type MemberEntry, type Rotation, type ErasedBlob } from './entries.ts'

const key = hex(32, 'key')
/** A key signatures are checked against: also a canonical Ed25519 point outside the small-order subgroup. */
const signingKey = hex(32, 'key', { also: ed25519KeyProblem })
const entryHash = hex(32, 'entry hash', { say: 'must be an entry hash' })
const epochId = hex(8, 'epoch id')
const role = oneOf(ROLES, 'must be admin, writer or reader')
const cutoffs = map(key, uint(), 256, 'must map at most 256 device keys to sequence numbers')

const deviceRecord = object(
  {
    id: signingKey,
    box: b64(43, 'must be a base64url X25519 key'),
    user: signingKey,
    cert: b64(),
    kind: optional(oneOf(['recovery'], 'must be "recovery" when present')),
  } satisfies ShapeOf<DeviceRecord>,
  { say: 'must be a device record' },
)

const lockbox = object({ to: key, epoch: epochId, box: b64() } satisfies ShapeOf<Lockbox>, { say: 'must be a lockbox' })

const rotation = object({ epoch: epochId, lockboxes: list(lockbox, 512), prev: b64() } satisfies ShapeOf<Rotation>, { say: 'must be a rotation' })

/** Each entry type's body; a body with a field not named here is malformed. */
const BODIES: { readonly [T in keyof EntryBodies]: ShapeOf<EntryBodies[T]> } = {
  invite: { key, role, epoch: epochId, lockbox: b64(), expires: optional(uint()), uses: optional(uint(1)), user: optional(key) },
  'revoke-invite': { invite: entryHash },
  join: { invite: entryHash, device: deviceRecord, proof: b64() },
  'add-device': { device: deviceRecord, lockboxes: optional(list(lockbox, 64)) },
  role: { member: key, role, cutoffs },
  'remove-member': { member: key, cutoffs, rotation: optional(rotation) },
  'remove-device': { device: key, cutoff: uint(), rotation: optional(rotation) },
  rotate: { rotation },
  grant: { lockboxes: list(lockbox, 512) },
  ack: { device: key, seq: uint() },
  erase: {
    docs: list(hex(16, 'document id'), 64),
    blobs: list(object({ blob: hex(16, 'attachment id'), device: key } satisfies ShapeOf<ErasedBlob>, { say: 'must be an attachment and its uploader' }), 64),
  },
}

const ENTRY_RECORD: RecordType = {
  format: ENTRY_FORMAT,
  maxBytes: MAX_ENTRY_BYTES,
  shape: {
    ws: hex(16, 'workspace id'),
    parents: list(entryHash, 64, { min: 1, say: 'must be 1–64 entry hashes' }),
    author: signingKey,
    at: uint(),
    sig: b64(),
    body: variant('type', 'entry', BODIES, { closed: true }),
  },
}

const GENESIS_RECORD: RecordType = {
  format: GENESIS_FORMAT,
  maxBytes: MAX_ENTRY_BYTES,
  prefix: 'workspace.json: ',
  shape: { nonce: b64(), at: uint(), founder: deviceRecord, name: b64(), lockbox, sig: b64() } satisfies ShapeOf<GenesisFile>,
}

export function parseMemberEntry(bytes: Uint8Array): Parsed<MemberEntry> {
  return parseRecord<MemberEntry>(bytes, ENTRY_RECORD)
}

export function parseGenesis(bytes: Uint8Array): Parsed<GenesisFile> {
  return parseRecord<GenesisFile>(bytes, GENESIS_RECORD)
}
