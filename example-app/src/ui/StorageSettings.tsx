// Fix the bucket keys of an S3 location (wrong or rotated credentials) without reloading.

import { useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { CredentialFields } from './CredentialFields.tsx'

export function StorageSettings({ url, onSaved }: { readonly url: string; readonly onSaved: () => void }) {
  const { credentials } = useServices()
  const [keys, setKeys] = useState(() => credentials.get(url) ?? { accessKeyId: '', secretAccessKey: '' })
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    credentials.set(url, { accessKeyId: keys.accessKeyId.trim(), secretAccessKey: keys.secretAccessKey })
    onSaved()
  }
  return (
    <form className="card" onSubmit={submit} data-testid="storage-settings">
      <h3>Bucket keys</h3>
      <p className="form-hint">{url.split('?')[0]}</p>
      <CredentialFields idPrefix="settings" value={keys} onChange={setKeys} />
      <button type="submit" data-testid="settings-save">
        Save and sync
      </button>
    </form>
  )
}
