// Folding the membership log into the current state. Every member folds the same set of
// entries the same way: a topological order over the parent links with ties broken by entry
// hash, and each entry checked against the state its predecessors produced. An entry that
// fails is ignored (and reported), never half-applied.

import { verifyDeviceRecord, type DeviceRecord } from '../identity/device-identity.ts'
import {
  verifyEntrySignature,
  verifyJoinProof,
  type GenesisFile,
  type InviteEntry,
  type JoinEntry,
  type MemberEntry,
  type Role,
} from './entries.ts'

export interface MemberInfo {
  readonly userId: string
  role: Role
  readonly devices: Set<string>
}

export interface InviteInfo {
  readonly hash: string
  readonly key: string
  readonly role: Role
  readonly epoch: number
  readonly lockbox: string
  readonly expires: number | undefined
  readonly uses: number | undefined
  used: number
}

export interface MembershipState {
  readonly ws: string
  readonly genesisHash: string
  readonly genesis: GenesisFile
  readonly epoch: number
  readonly members: Map<string, MemberInfo>
  readonly devices: Map<string, DeviceRecord>
  readonly invites: Map<string, InviteInfo>
  /** Entries no accepted entry names as a parent: the parents of the next entry. */
  readonly heads: string[]
  /** Entries applied, in fold order. */
  readonly order: string[]
  /** Entries that were well-formed and signed but not allowed, with why. */
  readonly refused: Map<string, string>
  /** Entries whose parents this device has not seen yet. */
  readonly waiting: string[]
}

export type CanWrite = { ok: true } | { ok: false; reason: 'unknown-device' | 'unauthorized'; detail: string }

export function canWrite(state: MembershipState, deviceId: string): CanWrite {
  const device = state.devices.get(deviceId)
  if (!device) return { ok: false, reason: 'unknown-device', detail: `device ${deviceId.slice(0, 12)}… is not a device of this workspace` }
  const member = state.members.get(device.user)
  if (!member || !member.devices.has(deviceId)) return { ok: false, reason: 'unknown-device', detail: `device ${deviceId.slice(0, 12)}… was removed` }
  if (member.role === 'reader') return { ok: false, reason: 'unauthorized', detail: `member ${device.user.slice(0, 12)}… is a reader` }
  return { ok: true }
}

export function roleOfDevice(state: MembershipState, deviceId: string): Role | undefined {
  const device = state.devices.get(deviceId)
  const member = device && state.members.get(device.user)
  return member?.devices.has(deviceId) ? member.role : undefined
}

/** Crypto checks that do not depend on state are done once per entry and cached here. */
export type SignatureCache = Map<string, boolean>

export async function foldMembership(
  genesisHash: string,
  genesis: GenesisFile,
  entries: ReadonlyMap<string, MemberEntry>,
  signatures: SignatureCache = new Map(),
): Promise<MembershipState> {
  const ws = genesisHash.slice(0, 32)
  const state: MembershipState = {
    ws,
    genesisHash,
    genesis,
    epoch: 0,
    members: new Map([[genesis.founder.user, { userId: genesis.founder.user, role: 'admin', devices: new Set([genesis.founder.id]) }]]),
    devices: new Map([[genesis.founder.id, genesis.founder]]),
    invites: new Map(),
    heads: [],
    order: [],
    refused: new Map(),
    waiting: [],
  }

  const children = new Map<string, string[]>()
  const pendingParents = new Map<string, number>()
  for (const [hash, entry] of entries) {
    const parents = new Set(entry.parents)
    pendingParents.set(hash, parents.size)
    for (const parent of parents) {
      if (!children.has(parent)) children.set(parent, [])
      children.get(parent)!.push(hash)
    }
  }

  // Kahn's algorithm; the ready set is kept sorted so ties resolve by hash on every peer.
  const ready: string[] = []
  const release = (hash: string): void => {
    for (const child of children.get(hash) ?? []) {
      const left = pendingParents.get(child)! - 1
      pendingParents.set(child, left)
      if (left === 0) insertSorted(ready, child)
    }
  }
  release(genesisHash)
  const visited = new Set<string>()
  while (ready.length > 0) {
    const hash = ready.shift()!
    visited.add(hash)
    const entry = entries.get(hash)!
    if (entry.ws !== ws) state.refused.set(hash, 'entry belongs to another workspace')
    else {
      const problem = await applyEntry(state, hash, entry, signatures)
      if (problem) state.refused.set(hash, problem)
      else state.order.push(hash)
    }
    release(hash)
  }
  for (const hash of entries.keys()) {
    if (!visited.has(hash)) state.waiting.push(hash)
  }

  const named = new Set<string>()
  for (const hash of state.order) for (const parent of entries.get(hash)!.parents) named.add(parent)
  state.heads.push(...[genesisHash, ...state.order].filter((h) => !named.has(h)))
  return state
}

function insertSorted(list: string[], value: string): void {
  let i = 0
  while (i < list.length && list[i]! < value) i++
  list.splice(i, 0, value)
}

async function cachedCheck(cache: SignatureCache, key: string, check: () => Promise<boolean>): Promise<boolean> {
  let ok = cache.get(key)
  if (ok === undefined) {
    ok = await check()
    cache.set(key, ok)
  }
  return ok
}

async function applyEntry(
  state: MembershipState,
  hash: string,
  entry: MemberEntry,
  signatures: SignatureCache,
): Promise<string | undefined> {
  if (!(await cachedCheck(signatures, hash, () => verifyEntrySignature(entry)))) return 'signature does not verify'
  switch (entry.type) {
    case 'invite':
      return applyInvite(state, hash, entry)
    case 'join':
      return applyJoin(state, hash, entry, signatures)
  }
}

function applyInvite(state: MembershipState, hash: string, entry: InviteEntry): string | undefined {
  const role = roleOfDevice(state, entry.author)
  if (role !== 'admin') return 'only an admin may invite'
  if (entry.body.epoch !== state.epoch) return `invite carries epoch ${entry.body.epoch}, current is ${state.epoch}`
  state.invites.set(hash, {
    hash,
    key: entry.body.key,
    role: entry.body.role,
    epoch: entry.body.epoch,
    lockbox: entry.body.lockbox,
    expires: entry.body.expires,
    uses: entry.body.uses,
    used: 0,
  })
  return undefined
}

async function applyJoin(
  state: MembershipState,
  hash: string,
  entry: JoinEntry,
  signatures: SignatureCache,
): Promise<string | undefined> {
  const { body } = entry
  if (body.device.id !== entry.author) return 'a join must be signed by the joining device'
  const invite = state.invites.get(body.invite)
  if (!invite) return 'the invite does not exist or is not valid'
  if (invite.uses !== undefined && invite.used >= invite.uses) return 'the invite has been used up'
  if (invite.expires !== undefined && entry.at > invite.expires) return 'the invite had expired'
  if (state.devices.has(body.device.id)) return 'the device is already in the workspace'
  const certOk = await cachedCheck(signatures, `${hash}/cert`, () => verifyDeviceRecord(body.device))
  if (!certOk) return 'the device certificate does not verify'
  const proofOk = await cachedCheck(signatures, `${hash}/proof`, () =>
    verifyJoinProof(state.ws, body.invite, body.device.id, body.proof, invite.key),
  )
  if (!proofOk) return 'the invite proof does not verify'
  invite.used++
  const existing = state.members.get(body.device.user)
  if (existing) existing.devices.add(body.device.id)
  else state.members.set(body.device.user, { userId: body.device.user, role: invite.role, devices: new Set([body.device.id]) })
  state.devices.set(body.device.id, body.device)
  return undefined
}
