// Fix the bucket keys of the open workspace (wrong or rotated credentials) without reloading.

import type { Workspace } from 'clientful'
import { useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { CredentialFields } from './CredentialFields.tsx'

export function StorageSettings({ workspace, onSaved }: { readonly workspace: Workspace; readonly onSaved: () => void }) {
  const { credentials } = useServices()
  const url = workspace.config.storage
  const [keys, setKeys] = useState(() => credentials.get(url) ?? { accessKeyId: '', secretAccessKey: '' })
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    credentials.set(url, { accessKeyId: keys.accessKeyId.trim(), secretAccessKey: keys.secretAccessKey })
    onSaved()
  }
  return (
    <form className="card" onSubmit={submit} data-testid="storage-settings">
      <h3>Storage</h3>
      <p className="form-hint">{url.split('?')[0]}</p>
      <CredentialFields idPrefix="settings" value={keys} onChange={setKeys} />
      <button type="submit" data-testid="settings-save">
        Save and sync
      </button>
    </form>
  )
}
