// #/link/<code> on a new browser: become another device of the person who made the link, in
// all of their workspaces. The code names the storage; this device may need the bucket keys.

import { useClient } from 'clientful/react'
import { useState, type FormEvent } from 'react'
import { routeHash } from '../routing/hash-route.ts'
import { describeLinkError } from '../session/describe-error.ts'
import { useAccountAction } from '../session/use-account-action.ts'
import { CredentialFields } from './CredentialFields.tsx'
import { FreshDeviceGuard } from './FreshDeviceGuard.tsx'

export interface LinkDeviceScreenProps {
  readonly code: string
  /** This browser has no workspace yet (only such a device can be linked). */
  readonly fresh: boolean
  readonly onLinked: (workspaceId: string) => void
  readonly onError: (message: string) => void
}

export function LinkDeviceScreen({ code: initialCode, fresh, onLinked, onError }: LinkDeviceScreenProps) {
  const client = useClient()
  const [code, setCode] = useState(initialCode)
  const action = useAccountAction(onLinked, onError, describeLinkError)
  const running = action.state.step === 'running'

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (code.trim() === '') return action.fail('Paste the device link or code first')
    void action.run(() => client.linkThisDevice(code))
  }

  return (
    <main className="setup" data-testid="link-screen">
      <a href={routeHash({ name: 'board' })} data-testid="link-back">
        ← Back
      </a>
      <form className="card" onSubmit={submit} data-testid="link-form">
        <h2>Link this device</h2>
        <p className="form-hint">This browser becomes another device of the person who made the link, with all of their workspaces.</p>
        <FreshDeviceGuard fresh={fresh} />
        <label htmlFor="link-code">Device link or code</label>
        <textarea id="link-code" data-testid="link-code" value={code} onChange={(e) => setCode(e.target.value)} rows={3} placeholder="https://…#/link/cl1.… or cl1.…" />
        <CredentialFields idPrefix="link" value={action.keys} onChange={action.setKeys} />
        <button type="submit" data-testid="link-submit" disabled={running || !fresh}>
          {running ? 'Linking…' : 'Link this device'}
        </button>
        {running && (
          <p className="form-hint" data-testid="link-progress" role="status">
            Linking: reading the link from storage, then joining each workspace…
          </p>
        )}
        {action.state.step === 'failed' && (
          <p className="form-error" data-testid="link-error" role="alert">
            {action.state.error}
          </p>
        )}
      </form>
    </main>
  )
}
