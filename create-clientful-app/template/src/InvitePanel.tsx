// Admins invite others: a link (this page's address + #/join/CODE) to send them. Whoever opens
// it in their browser joins as a writer.

import { useMyRole, useWorkspace } from 'clientful/react'
import { useState } from 'react'

export function InvitePanel() {
  const workspace = useWorkspace()
  const role = useMyRole()
  const [link, setLink] = useState<string>()
  const [error, setError] = useState<string>()
  if (role !== 'admin') return null
  const invite = async (): Promise<void> => {
    try {
      const code = await workspace.createInvite({ role: 'writer', expiresInMs: 7 * 24 * 3_600_000 })
      setLink(`${location.href.split('#')[0]}#/join/${code}`)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    }
  }
  return (
    <section>
      <button type="button" onClick={() => void invite()}>
        Invite someone
      </button>
      {link && <input aria-label="Invite link" readOnly value={link} onFocus={(event) => event.target.select()} />}
      {error && <p role="alert">{error}</p>}
    </section>
  )
}
