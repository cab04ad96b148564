// Simulated membership histories for property tests: devices with partial views of the log act
// on what they see — honestly (an admin invites, a writer grants and acknowledges) or hostilely
// (any device, removed or not, signs any entry its key can: acks with any number, devices for
// its own user, garbage lockboxes, admin actions it has no right to, entries on backdated
// parents). Every entry is signed with the workspace's own code; keys come from a pool made
// once (membership-key-pool.ts), so a run costs signatures and folds, not key generation.

import fc from 'fast-check'
import { hashRecord, signEntry, signJoinProof, type EntryBodies, type MemberEntry, type MemberEntryType } from '../../src/membership/entries.ts'
import type { Role } from '../../src/api/role.ts'
import { foldMembership, type SignatureCache } from '../../src/membership/fold.ts'
import { currentDevices, roleOfDevice, type MembershipState } from '../../src/membership/state.ts'
import { toHex } from '../../src/util/bytes.ts'
import type { KeyPool } from './membership-key-pool.ts'

const ROLES: readonly Role[] = ['admin', 'writer', 'reader']
const GARBAGE = 'Z2FyYmFnZQ'

/** One step: which kind of act, by whom, on whom, with which number; hostile or honest. */
export interface Act {
  readonly kind: number
  readonly actor: number
  readonly target: number
  readonly n: number
  readonly hostile: boolean
  /** Hostile only: sign on top of an old entry instead of the current heads (0: heads). */
  readonly backdate: number
}

export const ACT_KINDS = 12

/** How often each kind of act comes up: roles, removals and acks most, where the rules are. */
export const ACT_WEIGHTS: readonly number[] = [3, 4, 2, 2, 2, 1, 2, 4, 1, 1, 1, 1]

/** One act, drawn with those weights: every property over simulated histories draws from this. */
export const anyAct: fc.Arbitrary<Act> = fc.record({
  kind: fc.oneof(...ACT_WEIGHTS.map((weight, kind) => ({ arbitrary: fc.constant(kind), weight }))),
  actor: fc.nat(15),
  target: fc.nat(15),
  n: fc.nat(999),
  hostile: fc.boolean(),
  backdate: fc.oneof(fc.constant(0), fc.nat(40)),
})

type Need = (role: Role | undefined) => boolean
const admin: Need = (role) => role === 'admin'
const writes: Need = (role) => role === 'admin' || role === 'writer'
const anyCurrent: Need = (role) => role !== undefined
/** What an honest device needs to be, per kind of act (gossip needs nothing). */
const NEEDS: readonly (Need | undefined)[] = [admin, admin, anyCurrent, anyCurrent, anyCurrent, admin, writes, writes, admin]

class Replica {
  readonly known = new Map<string, MemberEntry>()
  state!: MembershipState
  constructor(
    readonly device: number,
    readonly user: number,
  ) {}
}

export interface History {
  readonly entries: Map<string, MemberEntry>
  /** Entries by kind of act, hostile or not, for reports. */
  readonly hostile: number
}

export async function playHistory(pool: KeyPool, acts: readonly Act[], cache: SignatureCache): Promise<History> {
  const entries = new Map<string, MemberEntry>()
  const founder = new Replica(0, 0)
  const replicas = [founder]
  let nextDevice = 1
  let nextUser = 1
  let hostile = 0
  const refold = async (r: Replica): Promise<void> => {
    r.state = await foldMembership(pool.genesisHash, pool.genesis, r.known, cache)
  }
  await refold(founder)
  const deviceId = (r: Replica): string => toHex(pool.devices[r.device]!.signing.publicKey)
  const append = async <T extends MemberEntryType>(r: Replica, type: T, body: EntryBodies[T], parents: readonly string[]): Promise<string> => {
    const entry = (await signEntry({ ws: r.state.ws, type, parents, author: deviceId(r), body, at: 10 }, pool.devices[r.device]!.signing.privateKey)) as MemberEntry
    const hash = await hashRecord(entry)
    entries.set(hash, entry)
    r.known.set(hash, entry)
    await refold(r)
    return hash
  }
  const spawn = async (from: Replica, device: number, user: number): Promise<Replica> => {
    const r = new Replica(device, user)
    for (const [h, e] of from.known) r.known.set(h, e)
    await refold(r)
    replicas.push(r)
    return r
  }

  for (const act of acts) {
    const kind = act.kind % ACT_KINDS
    const honest = !act.hostile
    // Hostile acts come from any device, removed or not; honest ones from a device whose own
    // view gives it the right (an admin for admin acts, a writer for grants and acks).
    const needed = honest ? NEEDS[kind] : undefined
    const seesCut = (x: Replica): boolean => [...x.state.devices].some(([id, d]) => id !== deviceId(x) && d.windows.some((w) => w.cut && !w.write))
    const eligible = needed ? replicas.filter((x) => needed(roleOfDevice(x.state, deviceId(x))) && (kind !== 7 || seesCut(x))) : replicas
    const r = eligible[act.actor % Math.max(eligible.length, 1)]
    if (!r) continue
    const state = r.state
    const me = deviceId(r)
    const role = roleOfDevice(state, me)
    if (act.hostile) hostile++
    const known = [pool.genesisHash, ...[...r.known.keys()].sort()]
    const parents = act.hostile && act.backdate > 0 ? [known[act.backdate % known.length]!] : state.heads
    const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[act.target % items.length])
    const myUser = toHex(pool.users[r.user]!.publicKey)
    // Honest admins act on others (leaving is its own case below); hostile devices on anyone.
    const members = [...state.members.values()].filter((m) => !m.removed && (act.hostile || m.userId !== myUser || act.n % 7 === 0))
    const current = currentDevices(state)
    switch (kind) {
      case 0: {
        // Invite and join in one go (a device invite for one's own user, when hostile and odd).
        if ((honest && role !== 'admin') || nextDevice >= pool.devices.length) break
        const forOwnUser = act.hostile && act.n % 2 === 1
        if (!forOwnUser && nextUser >= pool.users.length) break
        const user = forOwnUser ? r.user : nextUser++
        const invite = await append(r, 'invite', {
          key: toHex(pool.invite.publicKey),
          role: ROLES[act.n % 3]!,
          epoch: state.currentEpoch,
          lockbox: GARBAGE,
          ...(act.n % 5 === 0 ? { uses: 1 } : {}),
          ...(forOwnUser ? { user: toHex(pool.users[user]!.publicKey) } : {}),
        }, parents)
        const joiner = await spawn(r, nextDevice++, user)
        const record = await pool.record(joiner.device, user)
        const proof = await signJoinProof(state.ws, invite, record.id, pool.invite.privateKey)
        await append(joiner, 'join', { invite, device: record, proof }, joiner.state.heads)
        break
      }
      case 1: {
        const member = pick(members)
        if (!member || (honest && role !== 'admin')) break
        const cutoffs = Object.fromEntries([...member.devices].map((d, i) => [d, (act.n + i) % 5]))
        const next = act.hostile ? ROLES[act.n % 3]! : ROLES[(ROLES.indexOf(member.role) + 1 + (act.n % 2)) % 3]!
        await append(r, 'role', { member: member.userId, role: next, cutoffs }, parents)
        break
      }
      case 2: {
        const member = pick(members)
        if (!member) break
        const self = member.userId === myUser
        if (honest && role !== 'admin' && !self) break
        const cutoffs = Object.fromEntries([...member.devices].map((d, i) => [d, (act.n + i) % 6]))
        const leaving = [...member.devices]
        const rotation = honest && !self && act.n % 2 === 0 ? rotationFor(current.filter((d) => !leaving.includes(d)), act.n) : undefined
        await append(r, 'remove-member', { member: member.userId, cutoffs, ...(rotation ? { rotation } : {}) }, parents)
        break
      }
      case 3: {
        const device = pick(act.hostile ? [...state.devices.keys()] : current.filter((d) => d !== me))
        if (!device) break
        const rotation = honest && act.n % 2 === 0 ? rotationFor(current.filter((d) => d !== device), act.n) : undefined
        await append(r, 'remove-device', { device, cutoff: act.n % 6, ...(rotation ? { rotation } : {}) }, parents)
        break
      }
      case 4: {
        // A new device of the actor's own user (a reader's too).
        if (nextDevice >= pool.devices.length) break
        const device = nextDevice++
        const record = await pool.record(device, r.user)
        await append(r, 'add-device', { device: record }, parents)
        await spawn(r, device, r.user)
        break
      }
      case 5:
        if (honest && role !== 'admin') break
        await append(r, 'rotate', { rotation: rotationFor(current, act.n) }, parents)
        break
      case 6: {
        const to = pick(act.hostile ? [...state.devices.keys()] : current)
        if (!to || (honest && role === 'reader')) break
        await append(r, 'grant', { lockboxes: [{ to, epoch: state.currentEpoch, box: GARBAGE }] }, parents)
        break
      }
      case 7: {
        if (act.hostile) {
          // Any device, any number — most often one whose window was closed, from the start or by a cut.
          const closed = [...state.devices].filter(([id, d]) => id !== me && d.windows.some((w) => !w.write)).map(([id]) => id)
          const device = pick(act.n % 3 === 0 ? [...state.devices.keys()] : closed)
          if (device) await append(r, 'ack', { device, seq: [0, 1, 2, 5, 1e12][act.n % 5]! }, parents)
          break
        }
        if (role === 'reader') break
        // An honest writer acknowledges what it applied past a cut: a little past its start.
        const cut = [...state.devices].flatMap(([id, d]) => (id === me ? [] : d.windows.filter((w) => w.cut && !w.write).map((w) => [id, w.from] as const)))
        const chosen = pick(cut)
        if (chosen) await append(r, 'ack', { device: chosen[0], seq: chosen[1] + (act.n % 4) }, parents)
        break
      }
      case 8: {
        const invite = pick([...state.invites.keys()].sort())
        if (invite && (act.hostile || role === 'admin')) await append(r, 'revoke-invite', { invite }, parents)
        break
      }
      default: {
        // Gossip: two devices exchange everything they know.
        const other = replicas[act.target % replicas.length]!
        for (const [h, e] of other.known) r.known.set(h, e)
        for (const [h, e] of r.known) other.known.set(h, e)
        await refold(r)
        await refold(other)
      }
    }
  }
  return { entries, hostile }
}

function rotationFor(recipients: readonly string[], n: number) {
  const epoch = (n * 2654435761 + recipients.length).toString(16).padStart(16, '0').slice(-16)
  return { epoch, lockboxes: recipients.map((to) => ({ to, epoch, box: GARBAGE })), prev: GARBAGE }
}
