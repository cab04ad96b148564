// Membership log records. workspace.json is the genesis: its hash names the workspace, so
// nobody can substitute another founder. Every later change to who may read or write is a
// members/<hash>.json entry, signed by its author device and hash-linked to its parents.

import { canonicalJson } from '../util/canonical-json.ts'
import { fromHex, toHex, utf8Encode } from '../util/bytes.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import type { DeviceRecord } from '../identity/device-identity.ts'
import { checkHeader, is, malformed, parseJsonObject, type Parsed } from '../format/parse.ts'
import { signRecord, verifyRecord, type Unsigned } from '../format/signed-record.ts'
import { FORMAT_VERSION } from '../format/version.ts'

export const GENESIS_FORMAT = 'clientful/workspace'
export const ENTRY_FORMAT = 'clientful/member-entry'
export const MAX_ENTRY_BYTES = 64 * 1024

export type Role = 'admin' | 'writer' | 'reader'
export const ROLES: readonly Role[] = ['admin', 'writer', 'reader']

/** An epoch secret sealed to one device's X25519 key. */
export interface Lockbox {
  readonly to: string
  readonly epoch: number
  readonly box: string
}

export interface GenesisFile {
  readonly format: typeof GENESIS_FORMAT
  readonly v: number
  readonly nonce: string
  readonly at: number
  readonly founder: DeviceRecord
  /** Workspace name, sealed with the epoch-0 content key. */
  readonly name: string
  readonly lockbox: Lockbox
  readonly sig: string
}

interface EntryCommon {
  readonly format: typeof ENTRY_FORMAT
  readonly v: number
  readonly ws: string
  readonly parents: readonly string[]
  readonly author: string
  readonly at: number
  readonly sig: string
}

export interface InviteBody {
  /** hex Ed25519 public key derived from the invite secret */
  readonly key: string
  readonly role: Role
  readonly epoch: number
  /** The epoch secret sealed with a key derived from the invite secret. */
  readonly lockbox: string
  readonly expires?: number
  readonly uses?: number
}

export interface JoinBody {
  /** hash of the invite entry */
  readonly invite: string
  readonly device: DeviceRecord
  /** The invite key's signature over { ws, invite, device: device.id } */
  readonly proof: string
}

export type InviteEntry = EntryCommon & { readonly type: 'invite'; readonly body: InviteBody }
export type JoinEntry = EntryCommon & { readonly type: 'join'; readonly body: JoinBody }
export type MemberEntry = InviteEntry | JoinEntry
export type MemberEntryType = MemberEntry['type']

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

export function signEntry<E extends MemberEntry>(fields: Unsigned<E>, key: PrivateKey): Promise<E> {
  return signRecord<E>('member-entry', fields as Unsigned<E>, key)
}

export function verifyEntrySignature(entry: MemberEntry): Promise<boolean> {
  return verifyRecord('member-entry', entry, fromHex(entry.author))
}

export function entryFields<E extends MemberEntry>(ws: string, type: E['type'], parents: readonly string[], author: string, body: E['body'], at: number): Unsigned<E> {
  return { format: ENTRY_FORMAT, v: FORMAT_VERSION, ws, type, parents: [...parents].sort(), author, at, body } as unknown as Unsigned<E>
}

function checkDeviceRecord(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return `${field} must be a device record`
  const d = value as Record<string, unknown>
  if (!is.hex(d.id, 32)) return `${field}.id must be a 64-hex key`
  if (!is.b64(d.box) || (d.box as string).length !== 43) return `${field}.box must be a base64url X25519 key`
  if (!is.hex(d.user, 32)) return `${field}.user must be a 64-hex key`
  if (!is.b64(d.cert)) return `${field}.cert must be base64url`
  return undefined
}

function checkLockbox(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return `${field} must be a lockbox`
  const l = value as Record<string, unknown>
  if (!is.hex(l.to, 32)) return `${field}.to must be a 64-hex device id`
  if (!is.uint(l.epoch)) return `${field}.epoch must be a non-negative integer`
  if (!is.b64(l.box)) return `${field}.box must be base64url`
  return undefined
}

export function parseGenesis(bytes: Uint8Array): Parsed<GenesisFile> {
  const parsed = parseJsonObject(bytes, MAX_ENTRY_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, GENESIS_FORMAT)
  if (bad) return bad
  const problem =
    (!is.b64(r.nonce) && 'nonce must be base64url') ||
    (!is.uint(r.at) && 'at must be a timestamp') ||
    checkDeviceRecord(r.founder, 'founder') ||
    (!is.b64(r.name) && 'name must be base64url') ||
    checkLockbox(r.lockbox, 'lockbox') ||
    (!is.b64(r.sig) && 'sig must be base64url')
  if (problem) return malformed(`workspace.json: ${problem}`)
  return { ok: true, value: r as unknown as GenesisFile }
}

export function parseMemberEntry(bytes: Uint8Array): Parsed<MemberEntry> {
  const parsed = parseJsonObject(bytes, MAX_ENTRY_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, ENTRY_FORMAT)
  if (bad) return bad
  const common =
    (!is.hex(r.ws, 16) && 'ws must be a 32-hex workspace id') ||
    (!(Array.isArray(r.parents) && r.parents.length >= 1 && r.parents.length <= 64 && r.parents.every((p) => is.hex(p, 32))) &&
      'parents must be 1–64 entry hashes') ||
    (!is.hex(r.author, 32) && 'author must be a 64-hex device id') ||
    (!is.uint(r.at) && 'at must be a timestamp') ||
    (!is.b64(r.sig) && 'sig must be base64url') ||
    (typeof r.body !== 'object' || r.body === null ? 'body must be an object' : undefined)
  if (common) return malformed(common)
  const body = r.body as Record<string, unknown>
  let problem: string | undefined
  switch (r.type) {
    case 'invite':
      problem =
        (!is.hex(body.key, 32) && 'body.key must be a 64-hex key') ||
        (!ROLES.includes(body.role as Role) && 'body.role must be admin, writer or reader') ||
        (!is.uint(body.epoch) && 'body.epoch must be a non-negative integer') ||
        (!is.b64(body.lockbox) && 'body.lockbox must be base64url') ||
        (body.expires !== undefined && !is.uint(body.expires) && 'body.expires must be a timestamp') ||
        (body.uses !== undefined && !(is.uint(body.uses) && body.uses >= 1) && 'body.uses must be a positive integer') ||
        undefined
      break
    case 'join':
      problem =
        (!is.hex(body.invite, 32) && 'body.invite must be an entry hash') ||
        checkDeviceRecord(body.device, 'body.device') ||
        (!is.b64(body.proof) && 'body.proof must be base64url') ||
        undefined
      break
    default:
      return malformed(`unknown entry type ${JSON.stringify(r.type)}`)
  }
  if (problem) return malformed(problem)
  return { ok: true, value: r as unknown as MemberEntry }
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
