// "Create recovery kit": text holding this person's key and a recovery key, to print or keep
// in a password manager. With it, a new browser becomes this person again (#/restore).

import { useClient } from 'clientful/react'
import { useState } from 'react'
import { describeError } from '../session/describe-error.ts'

export function RecoveryKitPanel() {
  const client = useClient()
  const [kit, setKit] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const create = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      setKit(await client.createRecoveryKit()) // uploads the new recovery key to every workspace
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }
  const download = (): void => {
    if (!kit) return
    const url = URL.createObjectURL(new Blob([kit], { type: 'text/plain' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `recovery-kit-${new Date().toISOString().slice(0, 10)}.txt`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }

  return (
    <section className="card" data-testid="recovery-panel">
      <h3>Recovery kit</h3>
      <p className="form-hint">
        If you lose every device, the kit brings your workspaces back on a new one. Whoever holds it can act as you. Creating a new kit retires
        the previous one.
      </p>
      <button type="button" data-testid="recovery-create" onClick={() => void create()} disabled={busy}>
        {busy ? 'Creating…' : kit ? 'Create a new kit' : 'Create recovery kit'}
      </button>
      {error && (
        <p className="form-error" data-testid="recovery-error" role="alert">
          {error}
        </p>
      )}
      {kit && (
        <>
          <textarea className="kit" readOnly value={kit} rows={kit.split('\n').length} data-testid="recovery-kit-text" aria-label="Recovery kit" />
          <button type="button" data-testid="recovery-download" onClick={download}>
            Download as a text file
          </button>
        </>
      )}
    </section>
  )
}
