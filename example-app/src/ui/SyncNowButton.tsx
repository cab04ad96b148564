// "Sync now": push and pull through storage at once instead of waiting for the next timer or
// relay poke. data-syncs counts finished runs, so a test (or a curious user) can tell when
// the one it asked for is over.

import { useState } from 'react'

export function SyncNowButton({ syncNow }: { readonly syncNow: () => Promise<boolean> }) {
  const [running, setRunning] = useState(false)
  const [finished, setFinished] = useState(0)
  const run = async (): Promise<void> => {
    setRunning(true)
    try {
      await syncNow() // failures land in the status line
    } finally {
      setRunning(false)
      setFinished((n) => n + 1)
    }
  }
  return (
    <button type="button" className="pill pill-button" data-testid="sync-now" data-syncs={finished} disabled={running} onClick={() => void run()}>
      {running ? 'Syncing…' : 'Sync now'}
    </button>
  )
}
