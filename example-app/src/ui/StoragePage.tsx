// Every storage location of the open workspace on this device, each with its health as of its
// last sync; add one (it is filled with everything this device holds at the next sync) or stop
// using one. The primary location — the one invites name — stays.

import { useStatus, useWorkspace } from 'clientful/react'
import { useState } from 'react'
import { useSyncNow } from '../session/use-sync-now.ts'
import { describeError } from '../session/describe-error.ts'
import { AddStorageForm } from './AddStorageForm.tsx'
import { DeviceStoragePanel } from './DeviceStoragePanel.tsx'
import { StorageLocationRow } from './StorageLocationRow.tsx'
import { SyncNowButton } from './SyncNowButton.tsx'

export function StoragePage() {
  const workspace = useWorkspace()
  const status = useStatus()
  const syncNow = useSyncNow()
  // storageUrls is not an event source: count our own additions and removals to re-read it.
  const [, setEdits] = useState(0)
  const [line, setLine] = useState<{ readonly ok: boolean; readonly text: string }>()

  const changed = async (done: string): Promise<void> => {
    setEdits((n) => n + 1)
    const synced = await syncNow()
    setLine({ ok: true, text: synced ? done : `${done} Not every location could be synced: see below.` })
  }
  const remove = async (url: string): Promise<void> => {
    setLine(undefined)
    try {
      await workspace.removeStorage(url)
      await changed('The location was removed; its files stay where they are.')
    } catch (error) {
      setLine({ ok: false, text: describeError(error) })
    }
  }

  return (
    <main className="page" data-testid="storage-page">
      <h2>Storage</h2>
      <p className="form-hint">
        Everything is encrypted before it leaves this device. Each location holds a full copy; this device keeps all of them up to date.
      </p>
      <ul className="rows" data-testid="storage-list">
        {workspace.storageUrls.map((url) => (
          <StorageLocationRow
            key={url}
            url={url}
            primary={url === workspace.config.storage}
            health={status.storages.find((h) => h.url === url)}
            onRemove={() => remove(url)}
            onKeysSaved={() => void syncNow()}
          />
        ))}
      </ul>
      <SyncNowButton syncNow={syncNow} />
      {line && (
        <p className={line.ok ? 'form-hint' : 'form-error'} data-testid="storage-status" role={line.ok ? 'status' : 'alert'}>
          {line.text}
        </p>
      )}
      <AddStorageForm workspace={workspace} onAdded={() => changed('The location was added and is being filled.')} />
      <DeviceStoragePanel />
    </main>
  )
}
