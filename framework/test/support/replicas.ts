// Automerge replicas of one document for property tests of the app model: each is a device
// (a 64-hex id and an actor with a session suffix) holding its own copy, editing offline and
// merging with others in any order. The framework's own code runs on them through DocHandles,
// so a run costs Automerge calls, not storage round trips.

import * as A from '@automerge/automerge'
import { DocHandle } from '../../src/docs/doc-handle.ts'
import { TypedDocument, type ChangeAuthor, type DocumentType } from '../../src/app-model/index.ts'
import type { WorkspaceApi } from '../../src/api/workspace-api.ts'

export interface Replica {
  readonly device: string
  readonly member: string
  handle: DocHandle<Record<string, unknown>>
}

export function deviceId(n: number): string {
  return n.toString(16).padStart(2, '0').repeat(32)
}

export function memberId(n: number): string {
  return (n + 100).toString(16).padStart(2, '0').repeat(32)
}

/** Replicas first…first+count-1 starting from `base` (or an empty document). */
export function replicas(count: number, base?: A.Doc<Record<string, unknown>>, first = 0): Replica[] {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i
    const actor = deviceId(n) + '0000000' + (n % 10)
    const doc = base ? A.clone(base, { actor }) : A.init<Record<string, unknown>>({ actor })
    return { device: deviceId(n), member: memberId(n), handle: new DocHandle('doc', doc, () => undefined) }
  })
}

/** `to` receives everything `from` has. */
export function deliver(from: Replica, to: Replica): void {
  const missing = A.getChanges(to.handle.doc(), from.handle.doc())
  if (missing.length > 0) to.handle.applyVerified(missing)
}

export function authorsOf(list: readonly Replica[], roles: Record<number, ChangeAuthor['role']> = {}): (actor: string) => ChangeAuthor {
  return (actor) => {
    const index = list.findIndex((r) => actor.startsWith(r.device))
    const replica = list[index]
    return { device: replica?.device ?? actor.slice(0, -8), member: replica?.member, role: index < 0 ? undefined : (roles[index] ?? 'writer') }
  }
}

/** A workspace-like view of the replicas' membership (for conflicts' authors). */
export function membershipOf(list: readonly Replica[]) {
  return { devices: new Map(list.map((r) => [r.device, { record: { user: r.member } }])) } as never
}

/** A replica's document opened with its type, as a writer on a device whose clock is `now`. */
export function typedOn<E>(replica: Replica, type: DocumentType<E>, now: () => number = Date.now): TypedDocument<E> {
  const membership = {
    devices: new Map([[replica.device, { record: { user: replica.member } }]]),
    members: new Map([[replica.member, { role: 'writer', removed: false }]]),
  }
  const ws = { role: 'writer', deviceId: replica.device, membership, on: () => () => undefined }
  return new TypedDocument(ws as unknown as WorkspaceApi, type, 'board', replica.handle, { upkeep: false, now })
}

/** Delivers everything to everyone, then lets each writer run its upkeep, until nothing changes. */
export function settle(list: readonly Replica[], typed: readonly TypedDocument<unknown>[], maxRounds = 6): number {
  for (let round = 1; round <= maxRounds; round++) {
    for (const from of list) for (const to of list) if (from !== to) deliver(from, to)
    const before = list.map((r) => A.getHeads(r.handle.doc()).join())
    for (const doc of typed) doc.maintain()
    if (list.every((r, i) => A.getHeads(r.handle.doc()).join() === before[i])) return round
  }
  throw new Error(`upkeep did not settle in ${maxRounds} rounds: two devices fight`)
}
