// What this device may do here, when it is less than "edit": a reader's hint, or the notice
// that this device (or its person) is no longer a member.

import type { Role } from 'clientful'

export function MembershipNotice({ role }: { readonly role: Role | undefined }) {
  if (role === undefined) {
    return (
      <div className="banner banner-bad" data-testid="removed-notice" role="alert">
        You are no longer a member of this workspace on this device. What you see is what was shared before you were removed; new changes do not
        reach this device, and edits made here are undone.
      </div>
    )
  }
  if (role === 'reader') {
    return (
      <div className="banner" data-testid="readonly-hint">
        Read-only: you are a reader here. You can try edits, but they are not shared: this device undoes them and lists them under Refused.
      </div>
    )
  }
  return null
}
