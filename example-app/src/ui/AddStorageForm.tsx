// "Add a storage location": another bucket or Drive folder that will hold a full copy of the
// workspace (a backup the user owns, or a move to new storage). It is checked before it is
// added; keys typed here are kept on this device only once that check passed.

import type { WorkspaceApi } from 'clientful'
import { useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { useFormAction } from '../session/use-form-action.ts'
import { withTrialCredentials } from '../storage/credential-store.ts'
import { resolveStorageChoice, type StorageChoice } from '../storage/storage-choice.ts'
import { StorageChoiceFields } from './StorageChoiceFields.tsx'

export interface AddStorageFormProps {
  readonly workspace: WorkspaceApi
  readonly onAdded: () => Promise<void>
}

const EMPTY: StorageChoice = { kind: 's3', url: '', keys: { accessKeyId: '', secretAccessKey: '' } }

export function AddStorageForm({ workspace, onAdded }: AddStorageFormProps) {
  const { config, credentials, storage } = useServices()
  const [choice, setChoice] = useState<StorageChoice>(EMPTY)
  const { busy, error, run } = useFormAction()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    await run(async () => {
      const { url, keys } = await resolveStorageChoice(choice, `${workspace.name} (Field board copy)`, storage, config.google?.apiUrl)
      if (workspace.storageUrls.includes(url)) throw new Error('This workspace already uses that location')
      const add = () => workspace.addStorage(url)
      await (keys ? withTrialCredentials(credentials, url, keys, add) : add())
      setChoice(EMPTY)
      await onAdded()
    })
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="storage-add-form">
      <h3>Add a storage location</h3>
      <p className="form-hint">It gets a full copy at the next sync, and stays up to date from this device.</p>
      <StorageChoiceFields idPrefix="add" value={choice} onChange={setChoice} />
      <button type="submit" data-testid="add-submit" disabled={busy}>
        {busy ? 'Checking…' : 'Add location'}
      </button>
      {error && (
        <p className="form-error" data-testid="add-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
