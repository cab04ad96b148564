// A device with no list yet: start one (in the configured bucket, with the configured relay).
// Others join with an invite link from the list's page.

import { useClient } from 'clientful/react'
import { useState, type FormEvent } from 'react'
import type { AppConfig } from './config.ts'

export function StartScreen({ config }: { readonly config: AppConfig }) {
  const client = useClient()
  const [name, setName] = useState('Our list')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const start = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    try {
      await client.createWorkspace({ name, storage: config.storage.url, relay: config.relay })
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
      setBusy(false)
    }
  }
  return (
    <main>
      <h1>Start a shared to-do list</h1>
      <form onSubmit={(event) => void start(event)}>
        <input aria-label="List name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
        <button type="submit" disabled={busy}>
          Start
        </button>
      </form>
      <p>To use someone else's list, open the invite link they send you.</p>
      {error && <p role="alert">{error}</p>}
    </main>
  )
}
