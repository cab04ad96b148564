// What the Members, Devices and Refused pages show beyond clientful/react's member list: open
// invites and who wrote something, read from the workspace's membership (which every member
// folds from the same signed log). Pure functions: no React.

import type { ClientApi, MembershipView, Role } from 'clientful'

/** One of this person's devices, as client.devices() lists it (the type is not exported by name). */
export type UserDevice = Awaited<ReturnType<ClientApi['devices']>>[number]

export interface OpenInvite {
  readonly hash: string
  readonly role: Role
  readonly expires: number | undefined
  readonly uses: number | undefined
  readonly used: number
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 10)}…` : id
}

/** Invites someone could still use (device-link invites are not listed: they are not for people). */
export function openInvites(state: MembershipView, now: number): OpenInvite[] {
  const invites: OpenInvite[] = []
  for (const invite of state.invites.values()) {
    if (invite.revoked || invite.user !== undefined) continue
    if (invite.expires !== undefined && invite.expires <= now) continue
    if (invite.uses !== undefined && invite.used >= invite.uses) continue
    invites.push({ hash: invite.hash, role: invite.role, expires: invite.expires, uses: invite.uses, used: invite.used })
  }
  return invites.sort((a, b) => (a.expires ?? Infinity) - (b.expires ?? Infinity))
}

/** "Ana Lima (device 3fa2c1d0e4…)", "3fa2c1d0e4… (you, this device)": who wrote something, as far as this device knows. */
export function describeAuthor(
  state: MembershipView,
  deviceId: string | undefined,
  me: { readonly userId: string; readonly deviceId: string },
  nameOf: (memberId: string) => string = (id) => `member ${shortId(id)}`,
): string {
  if (deviceId === undefined) return 'unknown'
  if (deviceId === me.deviceId) return `${shortId(deviceId)} (you, this device)`
  const user = state.devices.get(deviceId)?.record.user
  if (user === undefined) return `device ${shortId(deviceId)} (not a device of this workspace)`
  return user === me.userId ? `${shortId(deviceId)} (you, another device)` : `${nameOf(user)} (device ${shortId(deviceId)})`
}
