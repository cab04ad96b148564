// Invite someone: pick a role, get a link (this page's address + #/join/<code>) to send them.

import type { Role, Workspace } from 'clientful'
import { useState } from 'react'
import { inviteLink } from '../routing/hash-route.ts'
import { describeError } from '../session/describe-error.ts'

export function InvitePanel({ workspace, onError }: { readonly workspace: Workspace; readonly onError: (message: string) => void }) {
  const [role, setRole] = useState<Extract<Role, 'writer' | 'reader'>>('writer')
  const [link, setLink] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [copied, setCopied] = useState(false)

  const create = async (): Promise<void> => {
    setBusy(true)
    setCopied(false)
    try {
      setLink(inviteLink(await workspace.createInvite({ role })))
    } catch (error) {
      onError(describeError(error))
    } finally {
      setBusy(false)
    }
  }
  const copy = async (): Promise<void> => {
    if (!link) return
    try {
      await navigator.clipboard.writeText(link)
      setCopied(true)
    } catch {
      onError('Could not copy: select the link and copy it by hand')
    }
  }

  return (
    <section className="invite card" data-testid="invite-panel">
      <h3>Invite someone</h3>
      <label htmlFor="invite-role">Role</label>
      <select id="invite-role" data-testid="invite-role" value={role} onChange={(e) => setRole(e.target.value === 'reader' ? 'reader' : 'writer')}>
        <option value="writer">writer (can edit)</option>
        <option value="reader">reader (can only look)</option>
      </select>
      <button type="button" data-testid="invite-create" onClick={() => void create()} disabled={busy}>
        {busy ? 'Creating…' : 'Create invite link'}
      </button>
      {link && (
        <div className="invite-link">
          <input readOnly value={link} data-testid="invite-link" aria-label="Invite link" onFocus={(e) => e.target.select()} />
          <button type="button" data-testid="invite-copy" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <p className="form-hint">Anyone with this link can join as {role}: send it privately.</p>
        </div>
      )}
    </section>
  )
}
