// The membership state every member computes from the log (fold.ts), and the questions the
// rest of the framework asks of it: may this device write this envelope, which devices are
// current, which epoch is current.

import type { DeviceRecord } from '../identity/device-identity.ts'
import type { ErasedBlob, GenesisFile } from './entries.ts'
import type { Role } from '../api/role.ts'
import type { EntryRefusalReason } from './refusal.ts'
import { windowAt, type WriteWindow } from './write-windows.ts'

export interface DeviceInfo {
  readonly record: DeviceRecord
  windows: WriteWindow[]
  removed: boolean
}

/** One sealed copy of an epoch secret for one device, and who sealed it. */
export interface LockboxCopy {
  readonly box: string
  /** The device whose entry carried it (the founder for the genesis). */
  readonly granter: string
}

export interface MemberInfo {
  readonly userId: string
  role: Role
  readonly devices: Set<string>
  /** Fold position where the member arrived: lower is more senior (ties in concurrent admin actions). */
  seniority: number
  removed: boolean
}

export interface EpochInfo {
  readonly id: string
  /** The entry that created it: the genesis hash for the first epoch. */
  readonly createdBy: string
  /** The device that created it (chose the secret). */
  readonly creator: string
  readonly position: number
  /**
   * Sealed copies of the secret, by recipient device, in fold order: at most one per granting
   * user and MAX_LOCKBOX_COPIES in all, so a garbage copy never hides a good one.
   */
  readonly lockboxes: Map<string, LockboxCopy[]>
  /**
   * Devices known to hold the secret: the creator, the recipients of its own lockboxes,
   * devices that joined with an invite of this epoch, and recipients of a copy sealed by an
   * admin or by a device of their own user. Copies from anyone else are kept and tried, but
   * others keep granting (once each) until one of these vouches.
   */
  readonly holders: Set<string>
  /** The creator's key chain: earlier secrets under this epoch's content key. */
  readonly prev: string | undefined
}

export interface InviteInfo {
  readonly hash: string
  readonly key: string
  readonly role: Role
  readonly epoch: string
  readonly lockbox: string
  readonly expires: number | undefined
  readonly uses: number | undefined
  /** Set for device invites: only a device of this user may join with it. */
  readonly user: string | undefined
  used: number
  revoked: boolean
}

/** A loss of authority, for the "removal wins" rule (fold.ts). */
export interface AuthorityLoss {
  readonly entry: string
  readonly devices: readonly string[]
  /** 'removed': every later action is void; 'admin': only admin actions are. */
  readonly lost: 'removed' | 'admin'
}

export interface MembershipState {
  readonly ws: string
  readonly genesisHash: string
  readonly genesis: GenesisFile
  currentEpoch: string
  /** A device or member left and no rotation followed yet: an admin should rotate. */
  needsRotation: boolean
  readonly epochs: Map<string, EpochInfo>
  readonly members: Map<string, MemberInfo>
  readonly devices: Map<string, DeviceInfo>
  readonly invites: Map<string, InviteInfo>
  readonly losses: AuthorityLoss[]
  /** Entries no accepted entry names as a parent: the parents of the next entry. */
  readonly heads: string[]
  /** Entries applied, in fold order. */
  readonly order: string[]
  /** Entries that were well-formed but broke a rule, with why. */
  readonly refused: Map<string, string>
  /** The kind of each refusal in `refused`. */
  readonly refusalReasons: Map<string, EntryRefusalReason>
  /** Entries whose parents this device has not seen yet. */
  readonly waiting: string[]
  /** Erasures, by entry hash, in fold order: what every device forgets and rewrites. */
  readonly erasures: Map<string, Erasure>
}

export interface Erasure {
  readonly docs: readonly string[]
  readonly blobs: readonly ErasedBlob[]
  readonly by: string
  readonly at: number
  /** The epoch current when it was folded: redactions under it are sealed under this one or a newer one. */
  readonly epoch: string
}

/** Every document some erasure names: its changes are dropped wherever they arrive. */
export function erasedDocs(state: MembershipState): Set<string> {
  const docs = new Set<string>()
  for (const erasure of state.erasures.values()) for (const doc of erasure.docs) docs.add(doc)
  return docs
}

/** Whether a device may act now: neither it nor its member was removed. */
export function isCurrentDevice(state: MembershipState, deviceId: string): boolean {
  const device = state.devices.get(deviceId)
  if (!device || device.removed) return false
  const member = state.members.get(device.record.user)
  return member !== undefined && !member.removed && member.devices.has(deviceId)
}

/** The role of a current device's member, or undefined. */
export function roleOfDevice(state: MembershipState, deviceId: string): Role | undefined {
  if (!isCurrentDevice(state, deviceId)) return undefined
  return state.members.get(state.devices.get(deviceId)!.record.user)!.role
}

export function currentDevices(state: MembershipState): string[] {
  return [...state.devices.keys()].filter((id) => isCurrentDevice(state, id)).sort()
}

export function adminCount(state: MembershipState): number {
  return [...state.members.values()].filter((m) => !m.removed && m.role === 'admin').length
}

export type CanWrite = { ok: true } | { ok: false; reason: 'unknown-device' | 'unauthorized'; detail: string }

/** Whether envelope `seq` of `deviceId` may be applied, as of this state. */
export function canWrite(state: MembershipState, deviceId: string, seq: number): CanWrite {
  const device = state.devices.get(deviceId)
  if (!device) return { ok: false, reason: 'unknown-device', detail: `device ${deviceId.slice(0, 12)}… is not a device of this workspace` }
  const window = windowFor(device.windows, seq)
  if (window?.write) return { ok: true }
  const member = state.members.get(device.record.user)
  const why = device.removed || member?.removed ? 'written after the device was removed' : device.record.kind === 'recovery' ? 'a recovery key never writes' : 'written while its member is a reader'
  return { ok: false, reason: 'unauthorized', detail: `${deviceId.slice(0, 12)}…#${seq}: ${why}` }
}

/**
 * The highest sequence number of `deviceId` that any of its write windows allows: what a
 * marker may announce. Unbounded while its last window is open; 0 for an unknown device.
 */
export function lastWritableSeq(state: MembershipState, deviceId: string): number {
  const device = state.devices.get(deviceId)
  if (!device) return 0
  let last = 0
  device.windows.forEach((window, i) => {
    if (!window.write) return
    const next = device.windows[i + 1]
    last = next ? Math.max(last, next.from - 1) : Number.POSITIVE_INFINITY
  })
  return last
}

export function windowFor(windows: readonly WriteWindow[], seq: number): WriteWindow | undefined {
  return windowAt(windows, seq)
}
