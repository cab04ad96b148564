// Membership log records. workspace.json is the genesis: its hash names the workspace, so
// nobody can substitute another founder. Every later change to who may read or write is a
// members/<hash>.json entry, signed by its author device and hash-linked to its parents.
// Shapes are checked in parse-entry.ts; the rules each entry must follow are in rules.ts.

import type { Role } from '../api/role.ts'
import { canonicalJson } from '../util/canonical-json.ts'
import { fromHex, toHex, utf8Encode } from '../util/bytes.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import type { DeviceRecord } from '../identity/device-identity.ts'
import { signRecord, verifyRecord, type Unsigned } from '../format/signed-record.ts'
import { FORMAT_VERSION } from '../format/version.ts'

export const GENESIS_FORMAT = 'clientful/workspace'
export const ENTRY_FORMAT = 'clientful/member-entry'
export const MAX_ENTRY_BYTES = 64 * 1024
/** Associated data of the workspace name the genesis carries, sealed with the first epoch's content key. */
export const WORKSPACE_NAME_AAD = utf8Encode('clientful/v1/workspace-name')

/** Every role a member can have, the most powerful first. */
export const ROLES: readonly Role[] = ['admin', 'writer', 'reader']

/** An epoch secret sealed to one device's X25519 key. */
export interface Lockbox {
  readonly to: string
  /** Epoch id (16 hex), derived from the secret: see crypto/epoch-keys.ts. */
  readonly epoch: string
  readonly box: string
}

/** A new epoch: its secret sealed to each remaining device, and the older secrets it knew. */
export interface Rotation {
  readonly epoch: string
  readonly lockboxes: readonly Lockbox[]
  /** AEAD(new content key, JSON { epochId: secret }) of every earlier epoch the author held. */
  readonly prev: string
}

export interface GenesisFile {
  readonly format: typeof GENESIS_FORMAT
  readonly v: number
  readonly nonce: string
  readonly at: number
  readonly founder: DeviceRecord
  /** Workspace name, sealed with the genesis epoch's content key. */
  readonly name: string
  readonly lockbox: Lockbox
  readonly sig: string
}

/** Sequence numbers per device: what the author had applied of each, when it wrote. */
export type Cutoffs = Readonly<Record<string, number>>

export interface EntryBodies {
  invite: {
    /** hex Ed25519 public key derived from the invite secret */
    readonly key: string
    readonly role: Role
    readonly epoch: string
    /** The epoch secret sealed with a key derived from the invite secret. */
    readonly lockbox: string
    readonly expires?: number
    readonly uses?: number
    /** A device invite: admits only another device of this user (linking a device). */
    readonly user?: string
  }
  'revoke-invite': { readonly invite: string }
  join: {
    readonly invite: string
    readonly device: DeviceRecord
    /** The invite key's signature over { ws, invite, device: device.id } */
    readonly proof: string
  }
  'add-device': { readonly device: DeviceRecord; readonly lockboxes?: readonly Lockbox[] }
  role: { readonly member: string; readonly role: Role; readonly cutoffs: Cutoffs }
  'remove-member': { readonly member: string; readonly cutoffs: Cutoffs; readonly rotation?: Rotation }
  'remove-device': { readonly device: string; readonly cutoff: number; readonly rotation?: Rotation }
  rotate: { readonly rotation: Rotation }
  grant: { readonly lockboxes: readonly Lockbox[] }
  ack: { readonly device: string; readonly seq: number }
  /**
   * Documents and attachments erased for good (admins): every device forgets the documents'
   * history and rewrites its own log files without their changes; each attachment's uploader
   * deletes its files. docs/ERASURE.md.
   */
  erase: { readonly docs: readonly string[]; readonly blobs: readonly ErasedBlob[] }
}

/** An attachment to delete, and the device whose files hold it. */
export interface ErasedBlob {
  readonly blob: string
  readonly device: string
}

export type MemberEntryType = keyof EntryBodies

interface EntryCommon {
  readonly format: typeof ENTRY_FORMAT
  readonly v: number
  readonly ws: string
  readonly parents: readonly string[]
  readonly author: string
  readonly at: number
  readonly sig: string
}

export type EntryOf<T extends MemberEntryType> = EntryCommon & { readonly type: T; readonly body: EntryBodies[T] }
export type MemberEntry = { [T in MemberEntryType]: EntryOf<T> }[MemberEntryType]
export type InviteEntry = EntryOf<'invite'>
export type JoinEntry = EntryOf<'join'>

export async function hashRecord(record: object): Promise<string> {
  return toHex(await sha256(utf8Encode(canonicalJson(record))))
}

/** The workspace id: the first 16 bytes of the genesis hash. */
export function workspaceIdOf(genesisHash: string): string {
  return genesisHash.slice(0, 32)
}

export function signGenesis(fields: Unsigned<GenesisFile>, key: PrivateKey): Promise<GenesisFile> {
  return signRecord<GenesisFile>('genesis', fields, key)
}

export function verifyGenesis(genesis: GenesisFile): Promise<boolean> {
  return verifyRecord('genesis', genesis, fromHex(genesis.founder.id))
}

/** Builds, signs and returns an entry of the given type. */
export function signEntry<T extends MemberEntryType>(
  fields: { ws: string; type: T; parents: readonly string[]; author: string; body: EntryBodies[T]; at: number },
  key: PrivateKey,
): Promise<EntryOf<T>> {
  const unsigned = { format: ENTRY_FORMAT, v: FORMAT_VERSION, ...fields, parents: [...fields.parents].sort() } as Unsigned<EntryOf<T>>
  return signRecord<EntryOf<T>>('member-entry', unsigned, key)
}

export function verifyEntrySignature(entry: MemberEntry): Promise<boolean> {
  return verifyRecord('member-entry', entry, fromHex(entry.author))
}

interface JoinProof {
  ws: string
  invite: string
  device: string
  sig: string
}

export async function signJoinProof(ws: string, invite: string, device: string, inviteKey: PrivateKey): Promise<string> {
  return (await signRecord<JoinProof>('join-proof', { ws, invite, device }, inviteKey)).sig
}

export function verifyJoinProof(ws: string, invite: string, device: string, proof: string, inviteKey: string): Promise<boolean> {
  const record: JoinProof = { ws, invite, device, sig: proof }
  return verifyRecord('join-proof', record, fromHex(inviteKey))
}
