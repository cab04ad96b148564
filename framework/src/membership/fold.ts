// Folding the membership log into state. Every member folds the same set of entries the same
// way, so every member ends with the same membership whatever order entries arrived in:
//
// 1. Order: a topological order over the parent links; among entries ready at the same time,
//    the one whose author's member is most senior (arrived earliest) goes first, then the
//    lower entry hash. Each entry is checked against the state its predecessors produced.
// 2. Removal wins: when a device (or member) is removed, everything its devices wrote that
//    the removal does not descend from — i.e. concurrent with or after it — is void. When an
//    admin is demoted, its concurrent admin actions are void. Voided entries are refused and
//    the log is folded again, until nothing more is voided.
//
// So two admins removing each other concurrently: the more senior admin's removal applies
// first, which voids the other's. Written up in docs/THREAT_MODEL.md.

import type { GenesisFile, MemberEntry } from './entries.ts'
import { applyEntry, type SignatureCache } from './rules.ts'
import type { AuthorityLoss, MembershipState } from './state.ts'

export type { SignatureCache } from './rules.ts'

const ADMIN_ACTIONS = new Set<MemberEntry['type']>(['invite', 'revoke-invite', 'role', 'rotate'])

export async function foldMembership(
  genesisHash: string,
  genesis: GenesisFile,
  entries: ReadonlyMap<string, MemberEntry>,
  cache: SignatureCache = new Map(),
): Promise<MembershipState> {
  const ancestorsOf = ancestry(entries)
  const voided = new Map<string, string>()
  for (;;) {
    const state = await foldOnce(genesisHash, genesis, entries, cache, voided)
    let grew = false
    for (const loss of state.losses) {
      for (const hash of state.order) {
        if (hash === loss.entry || voided.has(hash)) continue
        const entry = entries.get(hash)!
        if (!loss.devices.includes(entry.author) || ancestorsOf(loss.entry).has(hash)) continue
        if (loss.lost === 'admin' && !isAdminAction(entry)) continue
        voided.set(hash, `concurrent with or after the ${loss.lost === 'admin' ? 'demotion' : 'removal'} of its author (entry ${loss.entry.slice(0, 12)}…)`)
        grew = true
      }
    }
    if (!grew) return state
  }
}

function isAdminAction(entry: MemberEntry): boolean {
  if (ADMIN_ACTIONS.has(entry.type)) return true
  // Removing others is an admin action; leaving or removing one's own device is not.
  return entry.type === 'remove-member' || entry.type === 'remove-device'
}

/** Ancestor sets, computed on demand (only removal entries are ever asked about). */
function ancestry(entries: ReadonlyMap<string, MemberEntry>): (hash: string) => Set<string> {
  const memo = new Map<string, Set<string>>()
  return (hash) => {
    let set = memo.get(hash)
    if (!set) {
      set = new Set()
      const stack = [...(entries.get(hash)?.parents ?? [])]
      while (stack.length > 0) {
        const next = stack.pop()!
        if (set.has(next)) continue
        set.add(next)
        stack.push(...(entries.get(next)?.parents ?? []))
      }
      memo.set(hash, set)
    }
    return set
  }
}

function initialState(genesisHash: string, genesis: GenesisFile): MembershipState {
  const founder = genesis.founder
  return {
    ws: genesisHash.slice(0, 32),
    genesisHash,
    genesis,
    currentEpoch: genesis.lockbox.epoch,
    needsRotation: false,
    epochs: new Map([
      [
        genesis.lockbox.epoch,
        {
          id: genesis.lockbox.epoch,
          createdBy: genesisHash,
          position: -1,
          lockboxes: new Map([[genesis.lockbox.to, genesis.lockbox.box]]),
          holders: new Set([founder.id]),
          prev: undefined,
        },
      ],
    ]),
    members: new Map([[founder.user, { userId: founder.user, role: 'admin', devices: new Set([founder.id]), seniority: -1, removed: false }]]),
    devices: new Map([[founder.id, { record: founder, windows: [{ from: 1, write: true }], removed: false }]]),
    invites: new Map(),
    losses: [] as AuthorityLoss[],
    heads: [],
    order: [],
    refused: new Map(),
    waiting: [],
  }
}

async function foldOnce(
  genesisHash: string,
  genesis: GenesisFile,
  entries: ReadonlyMap<string, MemberEntry>,
  cache: SignatureCache,
  voided: ReadonlyMap<string, string>,
): Promise<MembershipState> {
  const state = initialState(genesisHash, genesis)
  const children = new Map<string, string[]>()
  const pending = new Map<string, number>()
  for (const [hash, entry] of entries) {
    const parents = new Set(entry.parents)
    pending.set(hash, parents.size)
    for (const parent of parents) {
      if (!children.has(parent)) children.set(parent, [])
      children.get(parent)!.push(hash)
    }
  }
  const ready = new Set<string>()
  const release = (hash: string): void => {
    for (const child of children.get(hash) ?? []) {
      const left = pending.get(child)! - 1
      pending.set(child, left)
      if (left === 0) ready.add(child)
    }
  }
  const seniority = (hash: string): number => {
    const device = state.devices.get(entries.get(hash)!.author)
    const member = device && state.members.get(device.record.user)
    return member ? member.seniority : Number.MAX_SAFE_INTEGER
  }
  release(genesisHash)
  const visited = new Set<string>()
  let position = 0
  while (ready.size > 0) {
    let next: string | undefined
    for (const hash of ready) {
      if (next === undefined) next = hash
      else {
        const a = seniority(hash)
        const b = seniority(next)
        if (a < b || (a === b && hash < next)) next = hash
      }
    }
    const hash = next!
    ready.delete(hash)
    visited.add(hash)
    const why = voided.get(hash) ?? (await applyEntry(state, entries.get(hash)!, { hash, position: position++, cache }))
    if (why) state.refused.set(hash, why)
    else state.order.push(hash)
    release(hash)
  }
  for (const hash of entries.keys()) if (!visited.has(hash)) state.waiting.push(hash)
  const named = new Set<string>()
  for (const hash of state.order) for (const parent of entries.get(hash)!.parents) named.add(parent)
  state.heads.push(...[genesisHash, ...state.order].filter((h) => !named.has(h)))
  return state
}
