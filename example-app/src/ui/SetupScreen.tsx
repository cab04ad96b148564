import { routeHash } from '../routing/hash-route.ts'
import { CreateWorkspaceForm } from './CreateWorkspaceForm.tsx'
import { JoinForm } from './JoinForm.tsx'

export interface SetupScreenProps {
  readonly onReady: (workspaceId: string) => void
  readonly onError: (message: string) => void
  readonly onCancel?: () => void
}

/** First run (or "add a workspace"): create one, or join with an invite; on first run, also link or restore. */
export function SetupScreen({ onReady, onError, onCancel }: SetupScreenProps) {
  return (
    <main className="setup" data-testid="setup-screen">
      {onCancel && (
        <button type="button" className="link" onClick={onCancel} data-testid="setup-cancel">
          ← Back to the board
        </button>
      )}
      <div className="setup-forms">
        <CreateWorkspaceForm onCreated={onReady} onError={onError} />
        <JoinForm onError={onError} />
      </div>
      {!onCancel && (
        <section className="card" data-testid="existing-user">
          <h2>Already using the board?</h2>
          <p>
            <a href={routeHash({ name: 'link', code: '' })} data-testid="setup-link-device">
              Link this device
            </a>{' '}
            with a link from one of your other devices (Devices → Link a new device), or{' '}
            <a href={routeHash({ name: 'restore' })} data-testid="setup-restore">
              restore from your recovery kit
            </a>
            .
          </p>
        </section>
      )}
    </main>
  )
}
