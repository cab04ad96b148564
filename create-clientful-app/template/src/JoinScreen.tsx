// #/join/CODE: join the list an invite link points to, then show it.

import { useClient } from 'clientful/react'
import { useState } from 'react'

export function JoinScreen({ code }: { readonly code: string }) {
  const client = useClient()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const join = async (): Promise<void> => {
    setBusy(true)
    try {
      await client.join(code)
      location.hash = ''
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
      setBusy(false)
    }
  }
  return (
    <main>
      <h1>Join a shared to-do list</h1>
      <button type="button" onClick={() => void join()} disabled={busy}>
        {busy ? 'Joining…' : 'Join'}
      </button>
      {error && <p role="alert">{error}</p>}
    </main>
  )
}
