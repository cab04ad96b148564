// "Share this Drive folder with…": gives a Google account access to a Drive location's folder
// (Drive's permissions), so a member can sync through it with their own sign-in. Members who
// edit need "writer": every device writes its own files there.

import type { DriveShareRole } from '@clientful/storage-gdrive'
import { useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { describeError } from '../session/describe-error.ts'

const ROLES: readonly { readonly role: DriveShareRole; readonly words: string }[] = [
  { role: 'writer', words: 'can sync and edit (writer)' },
  { role: 'reader', words: 'can only look at the files (reader)' },
]

export function DriveShareForm({ url }: { readonly url: string }) {
  const { storage } = useServices()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<DriveShareRole>('writer')
  const [busy, setBusy] = useState(false)
  const [line, setLine] = useState<{ readonly ok: boolean; readonly text: string }>()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setLine(undefined)
    try {
      await storage.shareDriveFolder(url, email.trim(), role)
      setLine({ ok: true, text: `Shared with ${email.trim()} (${role}).` })
    } catch (error) {
      setLine({ ok: false, text: error instanceof TypeError ? error.message : describeError(error) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card drive-share" onSubmit={(e) => void submit(e)} data-testid="drive-share-form">
      <h3>Share this Drive folder with…</h3>
      <label htmlFor="share-email">Their Google account (email)</label>
      <input id="share-email" data-testid="share-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      <label htmlFor="share-role">Access</label>
      <select id="share-role" data-testid="share-role" value={role} onChange={(e) => setRole(e.target.value as DriveShareRole)}>
        {ROLES.map(({ role: r, words }) => (
          <option key={r} value={r}>
            {words}
          </option>
        ))}
      </select>
      <button type="submit" data-testid="share-submit" disabled={busy}>
        {busy ? 'Sharing…' : 'Share'}
      </button>
      {line && (
        <p className={line.ok ? 'form-hint' : 'form-error'} data-testid="share-status" role={line.ok ? 'status' : 'alert'}>
          {line.text}
        </p>
      )}
    </form>
  )
}
