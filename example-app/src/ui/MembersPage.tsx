// Who is in the workspace. Everyone sees the list; admins invite, change roles and remove
// members. Each action is a signed entry in the membership log: it applies on this device at
// once and reaches the others with the next storage sync, which starts right away.

import type { Role } from 'clientful'
import { useMembership, useProfiles, useWorkspace } from 'clientful/react'
import { useState } from 'react'
import { describeError } from '../session/describe-error.ts'
import { useSyncNow } from '../session/use-sync-now.ts'
import { InviteList } from './InviteList.tsx'
import { InvitePanel } from './InvitePanel.tsx'
import { MemberRow } from './MemberRow.tsx'

export function MembersPage() {
  const workspace = useWorkspace()
  const { members, myRole: role, version: membershipVersion } = useMembership()
  const { nameOf } = useProfiles()
  const syncNow = useSyncNow()
  const [busy, setBusy] = useState(false)
  const [line, setLine] = useState<{ readonly ok: boolean; readonly text: string }>()
  // A new invite is in the log without a membership event: count them to refresh the list.
  const [invitesCreated, setInvitesCreated] = useState(0)
  const isAdmin = role === 'admin'

  /** Runs one admin action, then shares it; the outcome is one readable line. */
  const act = async (done: string, action: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setLine(undefined)
    try {
      await action()
      const shared = await syncNow()
      setLine({ ok: true, text: shared ? done : `${done} on this device; it reaches the others once storage is reachable.` })
    } catch (error) {
      setLine({ ok: false, text: describeError(error) })
    } finally {
      setBusy(false)
    }
  }
  const manage = (userId: string) => ({
    busy,
    changeRole: (next: Role) => act(`${nameOf(userId)} is now ${next}.`, () => workspace.changeRole(userId, next)),
    remove: () => act(`${nameOf(userId)} was removed; the workspace moved to new keys.`, () => workspace.removeMember(userId)),
  })

  return (
    <main className="page" data-testid="members-page">
      <h2>Members</h2>
      {!isAdmin && (
        <p className="form-hint" data-testid="members-readonly-hint">
          Only admins can invite people, change roles or remove members.
        </p>
      )}
      <ul className="rows" data-testid="member-list">
        {members.map((member) => (
          <MemberRow key={member.userId} member={member} name={nameOf(member.userId)} {...(isAdmin ? { manage: manage(member.userId) } : {})} />
        ))}
      </ul>
      {line && (
        <p className={line.ok ? 'form-hint' : 'form-error'} data-testid="members-status" role={line.ok ? 'status' : 'alert'}>
          {line.text}
        </p>
      )}
      {isAdmin && (
        <>
          <InvitePanel workspace={workspace} onCreated={() => setInvitesCreated((n) => n + 1)} />
          <InviteList
            workspace={workspace}
            membershipVersion={membershipVersion + invitesCreated}
            onRevoke={(hash) => act('The invite was revoked.', () => workspace.revokeInvite(hash))}
          />
        </>
      )}
    </main>
  )
}
