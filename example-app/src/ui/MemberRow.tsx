// One member: their name and avatar (their id in the details), "you", role and device count;
// admins can change the role or remove them.

import type { Role } from 'clientful'
import type { MemberSummary } from 'clientful/react'
import { ConfirmButton } from './ConfirmButton.tsx'
import { Person } from './Person.tsx'

export interface MemberRowProps {
  readonly member: MemberSummary
  /** The member's display name (or the start of their id), for the questions admins answer. */
  readonly name: string
  /** Admin controls; undefined for a read-only row. */
  readonly manage?: {
    readonly busy: boolean
    readonly changeRole: (role: Role) => Promise<void>
    readonly remove: () => Promise<void>
  }
}

const ROLES: readonly Role[] = ['admin', 'writer', 'reader']

export function MemberRow({ member, name, manage }: MemberRowProps) {
  const count = member.devices.length
  const devices = `${count} ${count === 1 ? 'device' : 'devices'}${member.hasRecoveryKey ? ' + recovery key' : ''}`
  return (
    <li data-testid="member-row" data-user-id={member.userId} data-role={member.role} data-you={member.isMe}>
      <span className="member-id">
        <Person memberId={member.userId} testId="member-name" />
        {member.isMe && (
          <span className="badge" data-testid="member-you">
            you
          </span>
        )}
      </span>
      <span data-testid="member-devices">{devices}</span>
      {manage && !member.isMe ? (
        <span className="member-actions">
          <select
            aria-label={`Role of ${name}`}
            data-testid="member-role-select"
            value={member.role}
            disabled={manage.busy}
            onChange={(e) => void manage.changeRole(e.target.value as Role)}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <ConfirmButton
            label="Remove"
            question={`Remove ${name}? Their devices lose access to new changes.`}
            busyLabel="Removing…"
            testId="member-remove"
            disabled={manage.busy}
            onConfirm={manage.remove}
          />
        </span>
      ) : (
        <span className="badge" data-testid="member-role">
          {member.role}
        </span>
      )}
      <details className="ids-detail" data-testid="member-details">
        <summary>Details</summary>
        member <code data-testid="member-id">{member.userId}</code>
        {member.devices.map((device) => (
          <div key={device}>
            device <code>{device}</code>
          </div>
        ))}
      </details>
    </li>
  )
}
