// #/restore on a new browser: become the person of a recovery kit again, with their
// workspaces. Paste the kit's text or choose the downloaded file.

import { useClient } from 'clientful/react'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { routeHash } from '../routing/hash-route.ts'
import { useAccountAction } from '../session/use-account-action.ts'
import { CredentialFields } from './CredentialFields.tsx'
import { FreshDeviceGuard } from './FreshDeviceGuard.tsx'

const MAX_KIT_BYTES = 64 * 1024 // a kit is a few kilobytes; anything larger is the wrong file

export interface RestoreScreenProps {
  readonly fresh: boolean
  readonly onRestored: (workspaceId: string) => void
  readonly onError: (message: string) => void
}

export function RestoreScreen({ fresh, onRestored, onError }: RestoreScreenProps) {
  const client = useClient()
  const [text, setText] = useState('')
  const action = useAccountAction(onRestored, onError)
  const running = action.state.step === 'running'

  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0]
    if (!file) return
    if (file.size > MAX_KIT_BYTES) return action.fail(`${file.name} is too large to be a recovery kit`)
    try {
      setText(await file.text())
    } catch {
      action.fail(`${file.name} could not be read`)
    }
  }
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (text.trim() === '') return action.fail('Paste the recovery kit or choose its file first')
    void action.run(() => client.restoreFromKit(text))
  }

  return (
    <main className="setup" data-testid="restore-screen">
      <a href={routeHash({ name: 'board' })} data-testid="restore-back">
        ← Back
      </a>
      <form className="card" onSubmit={submit} data-testid="restore-form">
        <h2>Restore from a recovery kit</h2>
        <p className="form-hint">This browser becomes you again, with the workspaces listed in the kit.</p>
        <FreshDeviceGuard fresh={fresh} />
        <label htmlFor="restore-text">Recovery kit</label>
        <textarea id="restore-text" data-testid="restore-text" value={text} onChange={(e) => setText(e.target.value)} rows={8} placeholder="CLIENTFUL RECOVERY KIT …" />
        <label htmlFor="restore-file">…or choose the kit's file</label>
        <input id="restore-file" data-testid="restore-file" type="file" accept=".txt,text/plain" onChange={(e) => void choose(e)} />
        <CredentialFields idPrefix="restore" value={action.keys} onChange={action.setKeys} />
        <button type="submit" data-testid="restore-submit" disabled={running || !fresh}>
          {running ? 'Restoring…' : 'Restore'}
        </button>
        {running && (
          <p className="form-hint" data-testid="restore-progress" role="status">
            Restoring: opening each workspace in the kit with your recovery key…
          </p>
        )}
        {action.state.step === 'failed' && (
          <p className="form-error" data-testid="restore-error" role="alert">
            {action.state.error}
          </p>
        )}
      </form>
    </main>
  )
}
