// One storage location: what and where it is, its health as of its last sync (the kind of
// failure in words), files it got back, and what can be done with it: new keys for a bucket,
// sharing for a Drive folder, removal for any but the primary.

import type { StorageHealth } from 'clientful'
import { useState } from 'react'
import { describeLocation } from '../storage/describe-location.ts'
import { storageKindWords } from '../session/describe-error.ts'
import { ConfirmButton } from './ConfirmButton.tsx'
import { DriveShareForm } from './DriveShareForm.tsx'
import { StorageSettings } from './StorageSettings.tsx'

export interface StorageLocationRowProps {
  readonly url: string
  readonly primary: boolean
  readonly health: StorageHealth | undefined
  readonly onRemove: () => Promise<void>
  readonly onKeysSaved: () => void
}

const STATE_WORDS = { ok: 'healthy', behind: 'behind', error: 'failing', unknown: 'not synced yet' } as const

export function StorageLocationRow({ url, primary, health, onRemove, onKeysSaved }: StorageLocationRowProps) {
  const location = describeLocation(url)
  const state = health?.state ?? 'unknown'
  const [panel, setPanel] = useState<'keys' | 'share'>()
  const toggle = (next: 'keys' | 'share'): void => setPanel((open) => (open === next ? undefined : next))

  return (
    <li className="storage-row" data-testid="storage-row" data-url={url} data-state={state} data-error-kind={health?.errorKind ?? ''}>
      <div className="storage-what">
        <strong>{location.label}</strong> <code data-testid="storage-place">{location.place}</code>
        {primary && (
          <span className="badge" data-testid="storage-primary">
            primary: invites name it
          </span>
        )}
        {location.detail && <span className="meta"> {location.detail}</span>}
      </div>
      <div className="storage-health">
        <span className={`badge badge-${state}`} data-testid="storage-state">
          {STATE_WORDS[state]}
        </span>{' '}
        <span className="meta" data-testid="storage-last-sync">
          {health?.lastSyncAt ? `last synced ${new Date(health.lastSyncAt).toLocaleTimeString()}` : 'never synced from this device'}
        </span>
        {health && health.restored > 0 && (
          <span className="meta" data-testid="storage-restored">
            {' '}
            · {health.restored} lost {health.restored === 1 ? 'file' : 'files'} put back at the last sync
          </span>
        )}
        {state === 'behind' && <p className="form-hint">It holds less than this device already saw (an old backup?): this device keeps its copy and fills it again.</p>}
        {state === 'error' && (
          <p className="form-error" data-testid="storage-error">
            {health?.errorKind ? storageKindWords(health.errorKind, url) : 'It failed'}
            {health?.error ? ` (${health.error})` : ''}
          </p>
        )}
      </div>
      <div className="storage-actions">
        {location.kind === 's3' && (
          <button type="button" className="secondary" data-testid="storage-keys" onClick={() => toggle('keys')}>
            Keys
          </button>
        )}
        {location.kind === 'gdrive' && (
          <button type="button" className="secondary" data-testid="storage-share" onClick={() => toggle('share')}>
            Share this Drive folder…
          </button>
        )}
        {!primary && <ConfirmButton label="Remove" question="Stop using this location?" busyLabel="Removing…" testId="storage-remove" onConfirm={onRemove} />}
      </div>
      {panel === 'keys' && (
        <StorageSettings
          url={url}
          onSaved={() => {
            setPanel(undefined)
            onKeysSaved()
          }}
        />
      )}
      {panel === 'share' && <DriveShareForm url={url} />}
    </li>
  )
}
