// Who is in a workspace, as apps read it: members with their roles and devices, devices with
// whose they are, and the invites made. Every device folds the same view from the workspace's
// signed membership log; the engine keeps more (write windows, key epochs, refused entries)
// that apps never need and that may change shape from one release to the next.

import type { Role } from './role.ts'

/** A member of the workspace: a user (one person's key), with one role and some devices. */
export interface MemberView {
  /** The user's public key (hex): the member id that roles, removals and profiles name. */
  readonly userId: string
  readonly role: Role
  /** Every device the member has had, current or removed (see `isCurrentDevice`). */
  readonly devices: ReadonlySet<string>
  /** Removed from the workspace: none of its devices may act any more. */
  readonly removed: boolean
}

/** A device of a member, as its certificate names it. */
export interface DeviceView {
  readonly record: {
    /** The device's public key (hex): the device id that changes and rejections name. */
    readonly id: string
    /** The member (user id) the device belongs to. */
    readonly user: string
    /** A recovery key registered as a device: it only ever receives keys, never writes. */
    readonly kind?: 'recovery'
  }
  /** Removed, alone or with its member: it may not act any more. */
  readonly removed: boolean
}

/** An invite an admin created, used or not. */
export interface InviteView {
  /** What `revokeInvite` takes, like the code itself. */
  readonly hash: string
  /** The role it admits with. */
  readonly role: Role
  /** When it stops admitting (ms since the epoch); undefined when it never expires. */
  readonly expires: number | undefined
  /** How many joins it allows; undefined when unlimited. */
  readonly uses: number | undefined
  /** How many joins it admitted so far. */
  readonly used: number
  readonly revoked: boolean
  /** Set for a device-link invite: only a new device of this member may join with it. */
  readonly user: string | undefined
}

/**
 * The membership of an open workspace (`WorkspaceApi.membership`, and the 'membership' event).
 * Read-only and live: it changes in place as the log grows, so read it again (or memoise on
 * the event) rather than keeping parts of it.
 */
export interface MembershipView {
  /** Every member, current and removed, by user id, in the order they first joined. */
  readonly members: ReadonlyMap<string, MemberView>
  /** Every device, current and removed, by device id. */
  readonly devices: ReadonlyMap<string, DeviceView>
  /** Every invite, open, used up, expired or revoked, by hash. */
  readonly invites: ReadonlyMap<string, InviteView>
}

/** Whether a device may act now: it is a device of a member, and neither it nor the member was removed. */
export function isCurrentDevice(membership: MembershipView, deviceId: string): boolean {
  const device = membership.devices.get(deviceId)
  if (!device || device.removed) return false
  const member = membership.members.get(device.record.user)
  return member !== undefined && !member.removed && member.devices.has(deviceId)
}
