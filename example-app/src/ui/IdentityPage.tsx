// Who this is: the person's name here (their profile), their ids (user id, the same on all
// their devices, and this device's), the recovery kit, and the diagnostic report for support.

import { useClient } from 'clientful/react'
import { DiagnosticsPanel } from './DiagnosticsPanel.tsx'
import { ProfileForm } from './ProfileForm.tsx'
import { RecoveryKitPanel } from './RecoveryKitPanel.tsx'

export function IdentityPage() {
  const client = useClient()
  return (
    <main className="page" data-testid="identity-page">
      <h2>Your identity</h2>
      <ProfileForm />
      <dl className="ids">
        <dt>User id (the same on all your devices)</dt>
        <dd>
          <code data-testid="identity-user-id">{client.userId}</code>
        </dd>
        <dt>This device</dt>
        <dd>
          <code data-testid="identity-device-id">{client.deviceId}</code>
        </dd>
      </dl>
      <RecoveryKitPanel />
      <DiagnosticsPanel />
    </main>
  )
}
