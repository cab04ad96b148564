// One pass of the fold: entries in topological order (ready-queue.ts picks among those ready),
// each checked against the state its predecessors produced (rules.ts). An entry by a device
// that lost its authority earlier in the pass is void at once; one folded *before* the loss
// that the loss does not descend from is reported, and the fold runs another pass without it.

import type { GenesisFile, MemberEntry } from './entries.ts'
import { ancestorsAmong } from './fold-ancestry.ts'
import { ReadyQueue } from './ready-queue.ts'
import { unauthorized, type Refusal } from './refusal.ts'
import { applyEntry, type SignatureCache } from './rules.ts'
import type { AuthorityLoss, MembershipState } from './state.ts'
import { initialWindows } from './write-windows.ts'

export interface FoldGraph {
  readonly genesisHash: string
  readonly genesis: GenesisFile
  readonly entries: ReadonlyMap<string, MemberEntry>
  readonly children: ReadonlyMap<string, readonly string[]>
  readonly parentCounts: ReadonlyMap<string, number>
}

/** What a fold costs, in steps that do not depend on timing. */
export interface FoldStats {
  rounds: number
  entriesFolded: number
  queueOperations: number
  ancestryVisits: number
}

export function foldGraph(genesisHash: string, genesis: GenesisFile, entries: ReadonlyMap<string, MemberEntry>): FoldGraph {
  const children = new Map<string, string[]>()
  const parentCounts = new Map<string, number>()
  for (const [hash, entry] of entries) {
    const parents = new Set(entry.parents)
    parentCounts.set(hash, parents.size)
    for (const parent of parents) {
      let list = children.get(parent)
      if (!list) children.set(parent, (list = []))
      list.push(hash)
    }
  }
  return { genesisHash, genesis, entries, children, parentCounts }
}

const ADMIN_ACTIONS = new Set<MemberEntry['type']>(['invite', 'revoke-invite', 'role', 'rotate', 'remove-member', 'remove-device'])

const voidReason = (loss: AuthorityLoss): string =>
  `concurrent with or after the ${loss.lost === 'admin' ? 'demotion' : 'removal'} of its author (entry ${loss.entry.slice(0, 12)}…)`

/** Does `loss` void `entry`, an entry by one of its devices that it does not descend from? */
function voids(loss: AuthorityLoss, entry: MemberEntry): boolean {
  return loss.lost === 'removed' || ADMIN_ACTIONS.has(entry.type)
}

export async function foldPass(
  graph: FoldGraph,
  cache: SignatureCache,
  voided: ReadonlyMap<string, string>,
  stats: FoldStats,
): Promise<{ state: MembershipState; retroactive: Map<string, string> }> {
  const { entries } = graph
  const state = initialState(graph.genesisHash, graph.genesis)
  const authorOf = (hash: string): string => entries.get(hash)!.author
  const queue = new ReadyQueue((hash) => {
    const device = state.devices.get(authorOf(hash))
    const member = device && state.members.get(device.record.user)
    return member ? member.seniority : Number.MAX_SAFE_INTEGER
  }, authorOf)
  const waitingFor = new Map(graph.parentCounts)
  const release = (hash: string): void => {
    for (const child of graph.children.get(hash) ?? []) {
      const left = waitingFor.get(child)! - 1
      waitingFor.set(child, left)
      if (left === 0) queue.add(child)
    }
  }
  const foldIndex = new Map<string, number>()
  const appliedBy = new Map<string, string[]>()
  const lossesOf = new Map<string, AuthorityLoss[]>()
  const earlierLosses: { loss: AuthorityLoss; candidates: string[] }[] = []
  let position = 0

  release(graph.genesisHash)
  for (let hash = queue.pop(); hash !== undefined; hash = queue.pop()) {
    const entry = entries.get(hash)!
    foldIndex.set(hash, foldIndex.size)
    const earlierLoss = (lossesOf.get(entry.author) ?? []).find((loss) => voids(loss, entry))
    const why = voided.get(hash) ?? (earlierLoss && voidReason(earlierLoss))
    const lossesBefore = state.losses.length
    const refusal: Refusal | undefined = why !== undefined ? unauthorized(why) : await applyEntry(state, entry, { hash, position: position++, cache })
    if (refusal) {
      state.refused.set(hash, refusal.detail)
      state.refusalReasons.set(hash, refusal.reason)
    } else {
      for (const loss of state.losses.slice(lossesBefore)) {
        const candidates = loss.devices.flatMap((d) => appliedBy.get(d) ?? []).filter((h) => voids(loss, entries.get(h)!))
        if (candidates.length > 0) earlierLosses.push({ loss, candidates })
        for (const device of loss.devices) pushTo(lossesOf, device, loss)
      }
      state.order.push(hash)
      pushTo(appliedBy, entry.author, hash)
      // A device or member arrived: its waiting entries now sort by its seniority.
      if (entry.type === 'join' || entry.type === 'add-device') {
        for (const device of state.members.get(entry.body.device.user)?.devices ?? []) queue.rekey(device)
      }
    }
    release(hash)
  }
  stats.entriesFolded += foldIndex.size
  stats.queueOperations += queue.operations

  const retroactive = new Map<string, string>()
  const ancestry = { parentsOf: (h: string) => entries.get(h)?.parents ?? [], foldIndex: (h: string) => foldIndex.get(h) }
  for (const { loss, candidates } of earlierLosses) {
    const kept = ancestorsAmong(ancestry, loss.entry, candidates, (n) => (stats.ancestryVisits += n))
    for (const hash of candidates) if (!kept.has(hash) && !retroactive.has(hash)) retroactive.set(hash, voidReason(loss))
  }

  for (const hash of entries.keys()) if (!foldIndex.has(hash)) state.waiting.push(hash)
  const named = new Set<string>()
  for (const hash of state.order) for (const parent of entries.get(hash)!.parents) named.add(parent)
  state.heads.push(...[graph.genesisHash, ...state.order].filter((h) => !named.has(h)))
  return { state, retroactive }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
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
          creator: founder.id,
          position: -1,
          lockboxes: new Map([[genesis.lockbox.to, [{ box: genesis.lockbox.box, granter: founder.id }]]]),
          holders: new Set([founder.id]),
          prev: undefined,
        },
      ],
    ]),
    members: new Map([[founder.user, { userId: founder.user, role: 'admin', devices: new Set([founder.id]), seniority: -1, removed: false }]]),
    devices: new Map([[founder.id, { record: founder, windows: initialWindows(true), removed: false }]]),
    invites: new Map(),
    losses: [],
    heads: [],
    order: [],
    refused: new Map(),
    refusalReasons: new Map(),
    waiting: [],
    erasures: new Map(),
  }
}
