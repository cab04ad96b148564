// "Create a workspace": a name, where its encrypted files go (an s3:// URL plus keys, or a
// Google Drive folder), and the relay for live edits. Defaults come from config.json.

import { setProfile } from 'clientful'
import { useClient } from 'clientful/react'
import { useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { useFormAction } from '../session/use-form-action.ts'
import { withTrialCredentials } from '../storage/credential-store.ts'
import { resolveStorageChoice, type StorageChoice } from '../storage/storage-choice.ts'
import { StorageChoiceFields } from './StorageChoiceFields.tsx'

export interface CreateWorkspaceFormProps {
  readonly onCreated: (workspaceId: string) => void
  readonly onError: (message: string) => void
}

export function CreateWorkspaceForm({ onCreated, onError }: CreateWorkspaceFormProps) {
  const client = useClient()
  const { config, credentials, storage } = useServices()
  const [name, setName] = useState('Field team')
  const [choice, setChoice] = useState<StorageChoice>({
    kind: 's3',
    url: config.storage?.url ?? '',
    keys: { accessKeyId: config.storage?.accessKeyId ?? '', secretAccessKey: config.storage?.secretAccessKey ?? '' },
  })
  const [relay, setRelay] = useState(config.relay ?? '')
  const [yourName, setYourName] = useState('')
  const { busy, error, run } = useFormAction(onError)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    await run(async () => {
      const { url, keys } = await resolveStorageChoice(choice, `${name.trim()} (Field board)`, storage, config.google?.apiUrl)
      const create = () => client.createWorkspace({ name, storage: url, relay: relay.trim() === '' ? undefined : relay.trim() })
      const workspace = keys ? await withTrialCredentials(credentials, url, keys, create) : await create()
      if (yourName.trim() !== '') await setProfile(workspace, { name: yourName }).catch(() => undefined) // asked again on the board
      onCreated(workspace.id)
    })
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="create-form">
      <h2>Create a workspace</h2>
      <label htmlFor="create-name">Name</label>
      <input id="create-name" data-testid="create-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      <label htmlFor="create-your-name">Your name (what the team sees)</label>
      <input id="create-your-name" data-testid="create-your-name" value={yourName} onChange={(e) => setYourName(e.target.value)} maxLength={60} placeholder="e.g. Ana Lima" />
      <StorageChoiceFields idPrefix="create" value={choice} onChange={setChoice} />
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
