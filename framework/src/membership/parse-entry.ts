// Shape checks for membership files from storage: every field of every entry type, with a
// message naming the field. Rules that depend on the log's state are in rules.ts.

import { ed25519KeyProblem } from '../crypto/ed25519-public-key.ts'
import { checkHeader, is, malformed, parseJsonObject, type Parsed } from '../format/parse.ts'
import { ENTRY_FORMAT, GENESIS_FORMAT, MAX_ENTRY_BYTES, ROLES, type EntryBodies, type GenesisFile, type MemberEntry } from './entries.ts'
import type { Role } from '../api/role.ts'

type Problem = string | undefined
type Check = (value: unknown, field: string) => Problem

const object = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const hexKey: Check = (v, f) => (is.hex(v, 32) ? undefined : `${f} must be a 64-hex key`)
/** A key signatures are checked against: also a canonical Ed25519 point outside the small-order subgroup. */
const signingKey: Check = (v, f) => {
  const shape = hexKey(v, f)
  if (shape) return shape
  const weak = ed25519KeyProblem(v as string)
  return weak ? `${f} is ${weak}` : undefined
}
const entryHash: Check = (v, f) => (is.hex(v, 32) ? undefined : `${f} must be an entry hash`)
const epochId: Check = (v, f) => (is.hex(v, 8) ? undefined : `${f} must be a 16-hex epoch id`)
const b64: Check = (v, f) => (is.b64(v) ? undefined : `${f} must be base64url`)
const uint: Check = (v, f) => (is.uint(v) ? undefined : `${f} must be a non-negative integer`)
const role: Check = (v, f) => (ROLES.includes(v as Role) ? undefined : `${f} must be admin, writer or reader`)
const optional =
  (check: Check): Check =>
  (v, f) =>
    v === undefined ? undefined : check(v, f)

function first(...problems: Problem[]): Problem {
  return problems.find((p) => p !== undefined)
}

const deviceRecord: Check = (value, field) => {
  if (!object(value)) return `${field} must be a device record`
  return first(
    signingKey(value.id, `${field}.id`),
    is.b64(value.box) && value.box.length === 43 ? undefined : `${field}.box must be a base64url X25519 key`,
    signingKey(value.user, `${field}.user`),
    b64(value.cert, `${field}.cert`),
    value.kind === undefined || value.kind === 'recovery' ? undefined : `${field}.kind must be "recovery" when present`,
  )
}

const lockbox: Check = (value, field) =>
  object(value) ? first(hexKey(value.to, `${field}.to`), epochId(value.epoch, `${field}.epoch`), b64(value.box, `${field}.box`)) : `${field} must be a lockbox`

const list =
  (item: Check, max: number): Check =>
  (value, field) => {
    if (!Array.isArray(value) || value.length > max) return `${field} must be a list of at most ${max}`
    return first(...value.map((v, i) => item(v, `${field}[${i}]`)))
  }

const cutoffs: Check = (value, field) => {
  if (!object(value)) return `${field} must be an object of device → sequence number`
  const entries = Object.entries(value)
  if (entries.length > 256) return `${field} has too many devices`
  return first(...entries.map(([k, v]) => first(hexKey(k, `${field} key`), uint(v, `${field}.${k.slice(0, 8)}`))))
}

const rotation: Check = (value, field) =>
  object(value)
    ? first(epochId(value.epoch, `${field}.epoch`), list(lockbox, 512)(value.lockboxes, `${field}.lockboxes`), b64(value.prev, `${field}.prev`))
    : `${field} must be a rotation`

const BODY_CHECKS: { [T in keyof EntryBodies]: Record<string, Check> } = {
  invite: {
    key: hexKey,
    role,
    epoch: epochId,
    lockbox: b64,
    expires: optional(uint),
    uses: optional((v, f) => (is.uint(v) && v >= 1 ? undefined : `${f} must be a positive integer`)),
    user: optional(hexKey),
  },
  'revoke-invite': { invite: entryHash },
  join: { invite: entryHash, device: deviceRecord, proof: b64 },
  'add-device': { device: deviceRecord, lockboxes: optional(list(lockbox, 64)) },
  role: { member: hexKey, role, cutoffs },
  'remove-member': { member: hexKey, cutoffs, rotation: optional(rotation) },
  'remove-device': { device: hexKey, cutoff: uint, rotation: optional(rotation) },
  rotate: { rotation },
  grant: { lockboxes: list(lockbox, 512) },
  ack: { device: hexKey, seq: uint },
}

export function parseMemberEntry(bytes: Uint8Array): Parsed<MemberEntry> {
  const parsed = parseJsonObject(bytes, MAX_ENTRY_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, ENTRY_FORMAT)
  if (bad) return bad
  const common = first(
    is.hex(r.ws, 16) ? undefined : 'ws must be a 32-hex workspace id',
    Array.isArray(r.parents) && r.parents.length >= 1 && r.parents.length <= 64 && r.parents.every((p) => is.hex(p, 32))
      ? undefined
      : 'parents must be 1–64 entry hashes',
    signingKey(r.author, 'author'),
    uint(r.at, 'at'),
    b64(r.sig, 'sig'),
    object(r.body) ? undefined : 'body must be an object',
  )
  if (common) return malformed(common)
  const checks = BODY_CHECKS[r.type as keyof EntryBodies] as Record<string, Check> | undefined
  if (!checks || !Object.hasOwn(BODY_CHECKS, r.type as string)) return malformed(`unknown entry type ${JSON.stringify(r.type)}`)
  const body = r.body as Record<string, unknown>
  const unknown = Object.keys(body).find((k) => !(k in checks))
  if (unknown) return malformed(`${r.type} body has an unknown field ${JSON.stringify(unknown)}`)
  const problem = first(...Object.entries(checks).map(([field, check]) => check(body[field], `body.${field}`)))
  if (problem) return malformed(`${r.type} entry: ${problem}`)
  return { ok: true, value: r as unknown as MemberEntry }
}

export function parseGenesis(bytes: Uint8Array): Parsed<GenesisFile> {
  const parsed = parseJsonObject(bytes, MAX_ENTRY_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, GENESIS_FORMAT)
  if (bad) return bad
  const problem = first(
    b64(r.nonce, 'nonce'),
    uint(r.at, 'at'),
    deviceRecord(r.founder, 'founder'),
    b64(r.name, 'name'),
    lockbox(r.lockbox, 'lockbox'),
    b64(r.sig, 'sig'),
  )
  if (problem) return malformed(`workspace.json: ${problem}`)
  return { ok: true, value: r as unknown as GenesisFile }
}
