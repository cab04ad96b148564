// Choosing where encrypted files go: an S3-compatible bucket (URL and keys) or, when the
// deployment offers Google sign-in, a Google Drive folder. Choosing Drive loads Google's
// sign-in script ahead of the submit click, so its popup opens from that click.

import { useServices } from '../app/services.ts'
import type { StorageChoice } from '../storage/storage-choice.ts'
import { CredentialFields } from './CredentialFields.tsx'

export interface StorageChoiceFieldsProps {
  /** Prefix of ids and test ids: "create" gives create-storage, create-access-key, … */
  readonly idPrefix: string
  readonly value: StorageChoice
  readonly onChange: (value: StorageChoice) => void
}

export function StorageChoiceFields({ idPrefix, value, onChange }: StorageChoiceFieldsProps) {
  const { storage, config, credentials } = useServices()
  const choose = (kind: string): void => {
    if (kind === 'gdrive') {
      storage.google?.preload()
      onChange({ kind: 'gdrive', folder: '' })
    } else {
      const url = config.storage?.url ?? ''
      onChange({ kind: 's3', url, keys: credentials.get(url) ?? { accessKeyId: '', secretAccessKey: '' } })
    }
  }
  return (
    <>
      {storage.driveAvailable && (
        <>
          <label htmlFor={`${idPrefix}-storage-kind`}>Where the encrypted files go</label>
          <select id={`${idPrefix}-storage-kind`} data-testid={`${idPrefix}-storage-kind`} value={value.kind} onChange={(e) => choose(e.target.value)}>
            <option value="s3">An S3-compatible bucket</option>
            <option value="gdrive">A Google Drive folder</option>
          </select>
        </>
      )}
      {value.kind === 's3' ? (
        <>
          <label htmlFor={`${idPrefix}-storage`}>Storage URL</label>
          <input
            id={`${idPrefix}-storage`}
            data-testid={`${idPrefix}-storage`}
            value={value.url}
            onChange={(e) => onChange({ ...value, url: e.target.value })}
            placeholder="s3://bucket/folder?endpoint=https://…&region=…"
            required
          />
          <CredentialFields idPrefix={idPrefix} value={value.keys} onChange={(keys) => onChange({ ...value, keys })} />
        </>
      ) : (
        <>
          <label htmlFor={`${idPrefix}-drive-folder`}>Drive folder (its ID or link; leave empty for a new folder)</label>
          <input
            id={`${idPrefix}-drive-folder`}
            data-testid={`${idPrefix}-drive-folder`}
            value={value.folder}
            onChange={(e) => onChange({ ...value, folder: e.target.value })}
            placeholder="https://drive.google.com/drive/folders/…"
          />
          <p className="form-hint">
            You sign in with Google when you continue. The app sees only folders and files it created or you opened with it.
            {config.google?.token !== undefined && ' (Local testing: config.json supplies a test token.)'}
          </p>
        </>
      )}
    </>
  )
}
