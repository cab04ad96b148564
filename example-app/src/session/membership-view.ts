// What the Members, Devices and Refused pages show, read from the workspace's membership
// state (which every member folds from the same signed log). Pure functions: no React.

import type { ClientApi, MembershipState, Role } from 'clientful'

/** One of this person's devices, as client.devices() lists it (the type is not exported by name). */
export type UserDevice = Awaited<ReturnType<ClientApi['devices']>>[number]

export interface MemberView {
  readonly userId: string
  readonly role: Role
  /** Current devices, the recovery key not counted. */
  readonly devices: number
  readonly recoveryKey: boolean
  readonly you: boolean
}

export interface InviteView {
  readonly hash: string
  readonly role: Role
  readonly expires: number | undefined
  readonly uses: number | undefined
  readonly used: number
}

const ROLE_ORDER: Record<Role, number> = { admin: 0, writer: 1, reader: 2 }

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 10)}…` : id
}

export function isCurrentDevice(state: MembershipState, deviceId: string): boolean {
  const device = state.devices.get(deviceId)
  if (!device || device.removed) return false
  const member = state.members.get(device.record.user)
  return member !== undefined && !member.removed && member.devices.has(deviceId)
}

/** Members who are still in, admins first; `you` marks this user. */
export function listMembers(state: MembershipState, myUserId: string): MemberView[] {
  const members: MemberView[] = []
  for (const member of state.members.values()) {
    if (member.removed) continue
    const current = [...member.devices].filter((id) => isCurrentDevice(state, id))
    const recovery = current.filter((id) => state.devices.get(id)?.record.kind === 'recovery')
    members.push({
      userId: member.userId,
      role: member.role,
      devices: current.length - recovery.length,
      recoveryKey: recovery.length > 0,
      you: member.userId === myUserId,
    })
  }
  return members.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || Number(b.you) - Number(a.you) || a.userId.localeCompare(b.userId))
}

/** Invites someone could still use (device-link invites are not listed: they are not for people). */
export function openInvites(state: MembershipState, now: number): InviteView[] {
  const invites: InviteView[] = []
  for (const invite of state.invites.values()) {
    if (invite.revoked || invite.user !== undefined) continue
    if (invite.expires !== undefined && invite.expires <= now) continue
    if (invite.uses !== undefined && invite.used >= invite.uses) continue
    invites.push({ hash: invite.hash, role: invite.role, expires: invite.expires, uses: invite.uses, used: invite.used })
  }
  return invites.sort((a, b) => (a.expires ?? Infinity) - (b.expires ?? Infinity))
}

/** "3fa2c1d0e4… (you, this device)": who wrote something, as far as this device knows. */
export function describeAuthor(state: MembershipState, deviceId: string | undefined, me: { readonly userId: string; readonly deviceId: string }): string {
  if (deviceId === undefined) return 'unknown'
  if (deviceId === me.deviceId) return `${shortId(deviceId)} (you, this device)`
  const user = state.devices.get(deviceId)?.record.user
  if (user === undefined) return `${shortId(deviceId)} (not a device of this workspace)`
  return user === me.userId ? `${shortId(deviceId)} (you, another device)` : `${shortId(deviceId)} (member ${shortId(user)})`
}
