// Invite someone (admins): pick a role, how long the link works, how many people may use it and
// whether it brings storage access (then they type no keys); get a short link (this page's
// address + #/j/<code>) to send, and its QR code for a phone's camera.

import type { Role, WorkspaceApi } from 'clientful'
import { useState } from 'react'
import { useServices } from '../app/services.ts'
import { inviteLink } from '../routing/hash-route.ts'
import { describeError } from '../session/describe-error.ts'
import { CopyField } from './CopyField.tsx'
import { QrCode } from './QrCode.tsx'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const EXPIRY = { '10m': 10 * MINUTE, '1d': DAY, '7d': 7 * DAY, never: undefined } as const
type Expiry = keyof typeof EXPIRY
const USES = { '1': 1, '5': 5, '20': 20, any: undefined } as const
type Uses = keyof typeof USES

const ROLE_WORDS: Record<Role, string> = {
  admin: 'admin (edits, invites, manages members)',
  writer: 'writer (can edit)',
  reader: 'reader (can only look)',
}

export interface InvitePanelProps {
  readonly workspace: WorkspaceApi
  /** After an invite was created (its membership entry is already uploaded). */
  readonly onCreated?: () => void
}

export function InvitePanel({ workspace, onCreated }: InvitePanelProps) {
  const [role, setRole] = useState<Role>('writer')
  const [expiry, setExpiry] = useState<Expiry>('7d')
  const [uses, setUses] = useState<Uses>('1')
  const { config, credentials } = useServices()
  const primary = workspace.config.storage
  const keys = primary.startsWith('s3://') ? credentials.get(primary) : undefined
  const [shareAccess, setShareAccess] = useState(true)
  const [created, setCreated] = useState<{ link: string; summary: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const create = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      const expiresInMs = EXPIRY[expiry]
      const count = USES[uses]
      const storageAccess = keys && shareAccess ? { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } : undefined
      const code = await workspace.createInvite({ role, short: true, ...(expiresInMs ? { expiresInMs } : {}), ...(count ? { uses: count } : {}), ...(storageAccess ? { storageAccess } : {}) })
      // The deployment's own storage need not travel: the app there knows it.
      const short = primary === config.storage?.url ? code.split('.')[0]! : code
      setCreated({ link: inviteLink(short), summary: inviteSummary(role, expiresInMs, count) + (storageAccess ? ' It brings access to the storage: they type no keys.' : '') })
      onCreated?.()
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="invite card" data-testid="invite-panel">
      <h3>Invite someone</h3>
      <div className="invite-options">
        <label>
          Role
          <select data-testid="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {(Object.keys(ROLE_WORDS) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_WORDS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Link works for
          <select data-testid="invite-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value as Expiry)}>
            <option value="10m">10 minutes</option>
            <option value="1d">1 day</option>
            <option value="7d">7 days</option>
            <option value="never">ever (until revoked)</option>
          </select>
        </label>
        <label>
          People who may use it
          <select data-testid="invite-uses" value={uses} onChange={(e) => setUses(e.target.value as Uses)}>
            <option value="1">1 person</option>
            <option value="5">up to 5</option>
            <option value="20">up to 20</option>
            <option value="any">anyone with the link</option>
          </select>
        </label>
      </div>
      {keys && (
        <label className="checkbox">
          <input type="checkbox" data-testid="invite-storage-access" checked={shareAccess} onChange={(e) => setShareAccess(e.target.checked)} />
          Give the bucket keys with the invite (sealed in it), so they type no keys
        </label>
      )}
      <button type="button" data-testid="invite-create" onClick={() => void create()} disabled={busy}>
        {busy ? 'Creating…' : 'Create invite link'}
      </button>
      {error && (
        <p className="form-error" data-testid="invite-error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div className="invite-link">
          <CopyField value={created.link} label="Invite link" testId="invite-link" />
          <QrCode text={created.link} label="QR code of the invite link" testId="invite-qr" />
          <p className="form-hint" data-testid="invite-summary">
            {created.summary} Send it privately.
          </p>
        </div>
      )}
    </section>
  )
}

function inviteSummary(role: Role, expiresInMs: number | undefined, uses: number | undefined): string {
  const who = uses === undefined ? 'Anyone with this link' : uses === 1 ? 'One person' : `Up to ${uses} people`
  const until = expiresInMs === undefined ? 'until it is revoked' : `until ${new Date(Date.now() + expiresInMs).toLocaleString()}`
  return `${who} can join as ${role} with this link, ${until}.`
}
