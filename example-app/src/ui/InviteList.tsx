// Invites people could still use, with Revoke (admins). Device-link invites are not listed.

import type { WorkspaceApi } from 'clientful'
import { useMemo } from 'react'
import { openInvites } from '../session/membership-view.ts'
import { ConfirmButton } from './ConfirmButton.tsx'

export interface InviteListProps {
  readonly workspace: WorkspaceApi
  readonly membershipVersion: number
  readonly onRevoke: (hash: string) => Promise<void>
}

export function InviteList({ workspace, membershipVersion, onRevoke }: InviteListProps) {
  // The membership state changes in place: its version says when to read it again.
  const invites = useMemo(() => openInvites(workspace.membership, Date.now()), [workspace, membershipVersion])
  if (invites.length === 0) return null
  return (
    <section className="card" data-testid="invite-list">
      <h3>Open invites</h3>
      <ul className="rows">
        {invites.map((invite) => (
          <li key={invite.hash} data-testid="invite-row" data-role={invite.role}>
            <span>
              {invite.role} · {invite.uses === undefined ? `${invite.used} joined` : `${invite.used} of ${invite.uses} used`} ·{' '}
              {invite.expires === undefined ? 'never expires' : `expires ${new Date(invite.expires).toLocaleString()}`}
            </span>
            <ConfirmButton label="Revoke" question="Revoke this invite?" busyLabel="Revoking…" testId="invite-revoke" onConfirm={() => onRevoke(invite.hash)} />
          </li>
        ))}
      </ul>
    </section>
  )
}
