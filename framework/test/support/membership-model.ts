// A small reference model of the membership rules, written apart from the fold: it replays the
// entries the fold applied, in the fold's order, and says (1) whether each was allowed —
// authority, "removal wins" — and (2) which sequence numbers each device may write, as sets of
// ranges built straight from the invariant "a device writes only within windows its user's
// role granted", plus the ack rule: a device that may write can re-admit, up to a number it
// names, writes that a removal or demotion cut off — and nothing that was never allowed.

import type { MemberEntry } from '../../src/membership/entries.ts'
import type { Role } from '../../src/api/role.ts'

/** Half-open ranges [from, to) of sequence numbers; `to` may be Infinity. */
export type Ranges = readonly (readonly [number, number])[]

const ALL: Ranges = [[1, Infinity]]

function normalise(ranges: Ranges): Ranges {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])
  const out: [number, number][] = []
  for (const [a, b] of sorted) {
    const last = out.at(-1)
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

const union = (x: Ranges, y: Ranges): Ranges => normalise([...x, ...y])
const below = (x: Ranges, end: number): Ranges => normalise(x.map(([a, b]) => [a, Math.min(b, end)] as const))
const from = (x: Ranges, start: number): Ranges => normalise(x.map(([a, b]) => [Math.max(a, start), b] as const))
export const contains = (x: Ranges, seq: number): boolean => x.some(([a, b]) => seq >= a && seq < b)

interface ModelDevice {
  readonly user: string
  readonly recovery: boolean
  removed: boolean
  /** Sequence numbers peers accept. */
  allowed: Ranges
  /** Sequence numbers a removal or demotion took away from `allowed` (what an ack may give back). */
  cut: Ranges
}

interface ModelMember {
  role: Role
  removed: boolean
  readonly devices: Set<string>
}

interface Loss {
  readonly entry: string
  readonly devices: readonly string[]
  readonly adminOnly: boolean
}

export interface ModelVerdict {
  /** Applied entries the model says should have been refused, with why. */
  readonly violations: string[]
  readonly devices: ReadonlyMap<string, { readonly allowed: Ranges }>
}

const ADMIN_ACTIONS = new Set(['invite', 'revoke-invite', 'role', 'rotate', 'remove-member', 'remove-device'])

export function modelMembership(founder: { id: string; user: string }, entries: ReadonlyMap<string, MemberEntry>, applied: readonly string[]): ModelVerdict {
  const devices = new Map<string, ModelDevice>([[founder.id, { user: founder.user, recovery: false, removed: false, allowed: ALL, cut: [] }]])
  const members = new Map<string, ModelMember>([[founder.user, { role: 'admin', removed: false, devices: new Set([founder.id]) }]])
  const invites = new Map<string, { role: Role; user?: string | undefined; revoked: boolean; uses?: number | undefined; used: number }>()
  const losses: Loss[] = []
  const violations: string[] = []

  const current = (id: string): boolean => {
    const d = devices.get(id)
    const m = d && members.get(d.user)
    return !!d && !d.removed && !!m && !m.removed && m.devices.has(id)
  }
  const roleOf = (id: string): Role | undefined => (current(id) ? members.get(devices.get(id)!.user)!.role : undefined)
  const admins = (): number => [...members.values()].filter((m) => !m.removed && m.role === 'admin').length
  const writes = (role: Role, device: ModelDevice): boolean => role !== 'reader' && !device.recovery
  const close = (device: ModelDevice, at: number): void => {
    // What was allowed (or already cut) from `at` on is now cut; nothing from `at` on is allowed.
    device.cut = union(below(device.cut, at), from(union(device.allowed, device.cut), at))
    device.allowed = below(device.allowed, at)
  }
  const admit = (id: string, user: string, recovery: boolean, role: Role): void => {
    const device: ModelDevice = { user, recovery, removed: false, allowed: [], cut: [] }
    if (writes(role, device)) device.allowed = ALL
    devices.set(id, device)
  }

  for (const hash of applied) {
    const entry = entries.get(hash)!
    const author = entry.author
    const refuse = (why: string): void => void violations.push(`${entry.type} ${hash.slice(0, 8)} by ${author.slice(0, 8)}: ${why}`)
    if (devices.get(author)?.recovery && entry.type !== 'add-device') refuse('a recovery key wrote something other than add-device')
    switch (entry.type) {
      case 'invite': {
        const own = entry.body.user !== undefined && current(author) && devices.get(author)!.user === entry.body.user
        if (!own && roleOf(author) !== 'admin') refuse('invite by a non-admin')
        invites.set(hash, { role: entry.body.role, user: entry.body.user, revoked: false, uses: entry.body.uses, used: 0 })
        break
      }
      case 'revoke-invite':
        if (roleOf(author) !== 'admin') refuse('revoke by a non-admin')
        if (invites.has(entry.body.invite)) invites.get(entry.body.invite)!.revoked = true
        break
      case 'join': {
        const invite = invites.get(entry.body.invite)
        const { id, user } = entry.body.device
        if (id !== author) refuse('join not signed by the joining device')
        if (!invite || invite.revoked || (invite.uses !== undefined && invite.used >= invite.uses)) refuse('join without a usable invite')
        if (invite?.user !== undefined && invite.user !== user) refuse('device invite used by another user')
        if (devices.has(id)) refuse('device joined twice')
        if (invite) invite.used++
        const member = members.get(user)
        if (member && !member.removed) member.devices.add(id)
        else members.set(user, { role: invite?.role ?? 'reader', removed: false, devices: new Set([id, ...(member?.devices ?? [])]) })
        admit(id, user, entry.body.device.kind === 'recovery', members.get(user)!.role)
        break
      }
      case 'add-device': {
        const { id, user } = entry.body.device
        const member = members.get(user)
        if (!current(author) || devices.get(author)!.user !== user) refuse('add-device by someone else than a current device of that user')
        if (!member || member.removed || devices.has(id)) refuse('add-device for a non-member or an existing device')
        member?.devices.add(id)
        admit(id, user, entry.body.device.kind === 'recovery', member?.role ?? 'reader')
        break
      }
      case 'role': {
        const member = members.get(entry.body.member)
        if (roleOf(author) !== 'admin') refuse('role change by a non-admin')
        if (!member || member.removed) {
          refuse('role change of a non-member')
          break
        }
        if (member.role === 'admin' && entry.body.role !== 'admin' && admins() === 1) refuse('demoted the last admin')
        const wasAdmin = member.role === 'admin'
        member.role = entry.body.role
        for (const id of member.devices) {
          const device = devices.get(id)!
          const at = (entry.body.cutoffs[id] ?? 0) + 1
          if (!writes(entry.body.role, device)) close(device, at)
          else if (!device.removed) {
            device.allowed = union(below(device.allowed, at), [[at, Infinity]])
            device.cut = below(device.cut, at)
          }
        }
        if (wasAdmin) losses.push({ entry: hash, devices: [...member.devices], adminOnly: true })
        break
      }
      case 'remove-member': {
        const member = members.get(entry.body.member)
        const leaving = current(author) && devices.get(author)!.user === entry.body.member
        if (!leaving && roleOf(author) !== 'admin') refuse('removal by a non-admin')
        if (!member || member.removed) {
          refuse('removal of a non-member')
          break
        }
        if (member.role === 'admin' && admins() === 1) refuse('removed the last admin')
        for (const id of member.devices) {
          const device = devices.get(id)!
          if (!device.removed) close(device, (entry.body.cutoffs[id] ?? 0) + 1)
          device.removed = true
        }
        member.removed = true
        losses.push({ entry: hash, devices: [...member.devices], adminOnly: false })
        break
      }
      case 'remove-device': {
        const target = devices.get(entry.body.device)
        if (!target || !current(entry.body.device)) {
          refuse('removal of a device that is not current')
          break
        }
        const sameUser = current(author) && devices.get(author)!.user === target.user
        if (!sameUser && roleOf(author) !== 'admin') refuse("removal of another member's device by a non-admin")
        close(target, entry.body.cutoff + 1)
        target.removed = true
        losses.push({ entry: hash, devices: [entry.body.device], adminOnly: false })
        break
      }
      case 'rotate':
        if (roleOf(author) !== 'admin') refuse('rotation by a non-admin')
        break
      case 'grant':
        if (!current(author)) refuse('grant by a device that is not current')
        break
      case 'ack': {
        const role = roleOf(author)
        if (role === undefined || role === 'reader') refuse('ack by a device that may not write')
        if (author === entry.body.device) refuse('ack of its own writes')
        const target = devices.get(entry.body.device)
        const regained = target ? below(target.cut, entry.body.seq + 1) : []
        if (regained.length === 0) refuse('ack re-admitting nothing that was cut')
        if (target) {
          target.allowed = union(target.allowed, regained)
          target.cut = from(target.cut, entry.body.seq + 1)
        }
        break
      }
    }
  }

  // Removal wins: an applied entry by a device that lost authority must be one the loss descends from.
  for (const loss of losses) {
    const ancestors = ancestorsOf(entries, loss.entry)
    for (const hash of applied) {
      const entry = entries.get(hash)!
      if (hash === loss.entry || !loss.devices.includes(entry.author) || ancestors.has(hash)) continue
      if (loss.adminOnly && !ADMIN_ACTIONS.has(entry.type)) continue
      violations.push(`${entry.type} ${hash.slice(0, 8)} by ${entry.author.slice(0, 8)}: applied though ${loss.entry.slice(0, 8)} took its author's authority and does not descend from it`)
    }
  }
  return { violations, devices }
}

function ancestorsOf(entries: ReadonlyMap<string, MemberEntry>, hash: string): Set<string> {
  const seen = new Set<string>()
  const stack = [...(entries.get(hash)?.parents ?? [])]
  while (stack.length > 0) {
    const next = stack.pop()!
    if (seen.has(next)) continue
    seen.add(next)
    stack.push(...(entries.get(next)?.parents ?? []))
  }
  return seen
}
