// Who is in the open workspace and what this device may do, live. The membership view is
// folded from the signed log and changes in place, so the hooks keep a summary that is
// rebuilt on every 'membership' event.

import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { Role } from '../api/role.ts'
import { isCurrentDevice, type MembershipView } from '../api/membership-view.ts'
import { useEmitterValue } from './emitter-store.ts'
import { useWorkspace } from './workspace-provider.tsx'

export interface MemberSummary {
  readonly userId: string
  readonly role: Role
  /** The member's current devices (a recovery key is not one). */
  readonly devices: readonly string[]
  readonly hasRecoveryKey: boolean
  /** This device's user. */
  readonly isMe: boolean
}

export interface MembershipSummary {
  /** Current members: admins, then writers, then readers; this user first within its role. */
  readonly members: readonly MemberSummary[]
  /** This device's role; undefined once it is no longer a member. */
  readonly myRole: Role | undefined
  /** The whole membership, for what the summary leaves out (invites, removed members and devices). */
  readonly state: MembershipView
  /** Bumped on every change, for memoising on the state. */
  readonly version: number
}

const ROLE_ORDER: Record<Role, number> = { admin: 0, writer: 1, reader: 2 }

export function summarizeMembership(state: MembershipView, deviceId: string, version: number, myRole: Role | undefined): MembershipSummary {
  const myUser = state.devices.get(deviceId)?.record.user
  const members: MemberSummary[] = []
  for (const member of state.members.values()) {
    if (member.removed) continue
    const current = [...member.devices].filter((id) => isCurrentDevice(state, id))
    const recovery = current.filter((id) => state.devices.get(id)?.record.kind === 'recovery')
    members.push({
      userId: member.userId,
      role: member.role,
      devices: current.filter((id) => !recovery.includes(id)).sort(),
      hasRecoveryKey: recovery.length > 0,
      isMe: member.userId === myUser,
    })
  }
  members.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || Number(b.isMe) - Number(a.isMe) || (a.userId < b.userId ? -1 : 1))
  return { members, myRole, state, version }
}

const versions = new WeakMap<WorkspaceApi, number>()

export function useMembership(): MembershipSummary {
  const workspace = useWorkspace()
  return useEmitterValue(
    workspace,
    (onChange) => workspace.on('membership', onChange),
    () => {
      const version = (versions.get(workspace) ?? 0) + 1
      versions.set(workspace, version)
      return summarizeMembership(workspace.membership, workspace.deviceId, version, workspace.role)
    },
  )
}

/** Current members of the open workspace, admins first. */
export function useMembers(): readonly MemberSummary[] {
  return useMembership().members
}

/** This device's role in the open workspace; undefined once it is no longer a member. */
export function useMyRole(): Role | undefined {
  return useMembership().myRole
}
