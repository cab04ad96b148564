// "Join with an invite link or code". The code names the storage and relay; this device only
// adds keys for the bucket (or signs in with Google, for a Drive folder). A malformed code is
// reported before any network call.

import { useClient } from 'clientful/react'
import { parseInviteCode } from 'clientful'
import { useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { useFormAction } from '../session/use-form-action.ts'
import { withTrialCredentials } from '../storage/credential-store.ts'
import { isDriveUrl } from '../storage/drive-folder.ts'
import { CredentialFields } from './CredentialFields.tsx'

export interface JoinFormProps {
  readonly initialCode?: string
  readonly onJoined: (workspaceId: string) => void
  readonly onError: (message: string) => void
}

export function JoinForm({ initialCode = '', onJoined, onError }: JoinFormProps) {
  const client = useClient()
  const { config, credentials } = useServices()
  const [code, setCode] = useState(initialCode)
  const [keys, setKeys] = useState(() => initialKeys(initialCode))
  const { busy, error, run, fail } = useFormAction(onError)
  const parsed = code.trim() === '' ? undefined : parseInviteCode(code)

  function initialKeys(text: string): { accessKeyId: string; secretAccessKey: string } {
    const invite = text.trim() === '' ? undefined : parseInviteCode(text)
    const saved = invite?.ok ? credentials.get(invite.value.storage) : undefined
    return saved ?? { accessKeyId: config.storage?.accessKeyId ?? '', secretAccessKey: config.storage?.secretAccessKey ?? '' }
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!parsed?.ok) {
      return fail(parsed ? `Invalid invite: ${parsed.detail.replace(/^invalid invite code: /, '')}` : 'Paste an invite link or code first')
    }
    await run(async () => {
      const join = () => client.join(code)
      // A Drive folder opens with Google sign-in, not bucket keys.
      const workspace = isDriveUrl(parsed.value.storage) ? await join() : await withTrialCredentials(credentials, parsed.value.storage, keys, join)
      onJoined(workspace.id)
    })
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="join-form">
      <h2>Join with an invite link or code</h2>
      <label htmlFor="join-code">Invite link or code</label>
      <textarea id="join-code" data-testid="join-code" value={code} onChange={(e) => setCode(e.target.value)} rows={3} placeholder="https://…#/join/cf1.… or cf1.…" />
      {parsed && !parsed.ok && (
        <p className="form-hint" data-testid="join-code-problem">
          {parsed.detail}
        </p>
      )}
      {parsed?.ok && (
        <p className="form-hint" data-testid="join-code-storage">
          Storage: {parsed.value.storage.split('?')[0]}
        </p>
      )}
      {parsed?.ok && isDriveUrl(parsed.value.storage) ? (
        <p className="form-hint" data-testid="join-drive-hint">
          Its files are in a Google Drive folder: you sign in with Google when you join. The folder must be shared with you.
        </p>
      ) : (
        <CredentialFields idPrefix="join" value={keys} onChange={setKeys} />
      )}
      <button type="submit" data-testid="join-submit" disabled={busy}>
        {busy ? 'Joining…' : 'Join workspace'}
      </button>
      {error && (
        <p className="form-error" data-testid="join-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
