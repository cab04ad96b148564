// "Create a workspace": a name, where its encrypted files go (an s3:// URL plus keys), and
// the relay for live edits. Defaults come from config.json.

import { useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { describeError } from '../session/describe-error.ts'
import { withTrialCredentials } from '../storage/credential-store.ts'
import { CredentialFields } from './CredentialFields.tsx'

export interface CreateWorkspaceFormProps {
  readonly onCreated: (workspaceId: string) => void
  readonly onError: (message: string) => void
}

export function CreateWorkspaceForm({ onCreated, onError }: CreateWorkspaceFormProps) {
  const { client, config, credentials } = useServices()
  const [name, setName] = useState('Field team')
  const [storageUrl, setStorageUrl] = useState(config.storage?.url ?? '')
  const [keys, setKeys] = useState({ accessKeyId: config.storage?.accessKeyId ?? '', secretAccessKey: config.storage?.secretAccessKey ?? '' })
  const [relay, setRelay] = useState(config.relay ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const storage = storageUrl.trim()
      const workspace = await withTrialCredentials(credentials, storage, keys, () =>
        client.createWorkspace({ name, storage, relay: relay.trim() === '' ? undefined : relay.trim() }),
      )
      onCreated(workspace.id)
    } catch (failure) {
      const message = describeError(failure)
      setError(message)
      onError(message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="create-form">
      <h2>Create a workspace</h2>
      <label htmlFor="create-name">Name</label>
      <input id="create-name" data-testid="create-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      <label htmlFor="create-storage">Storage URL</label>
      <input
        id="create-storage"
        data-testid="create-storage"
        value={storageUrl}
        onChange={(e) => setStorageUrl(e.target.value)}
        placeholder="s3://bucket/folder?endpoint=https://…&region=…"
        required
      />
      <CredentialFields idPrefix="create" value={keys} onChange={setKeys} />
      <label htmlFor="create-relay">Relay URL (optional, for live edits)</label>
      <input id="create-relay" data-testid="create-relay" value={relay} onChange={(e) => setRelay(e.target.value)} placeholder="wss://relay.example" />
      <button type="submit" data-testid="create-submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create workspace'}
      </button>
      {error && (
        <p className="form-error" data-testid="create-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
