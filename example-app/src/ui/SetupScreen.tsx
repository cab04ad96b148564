import { CreateWorkspaceForm } from './CreateWorkspaceForm.tsx'
import { JoinForm } from './JoinForm.tsx'

export interface SetupScreenProps {
  readonly joinCode?: string
  readonly onReady: (workspaceId: string) => void
  readonly onError: (message: string) => void
  readonly onCancel?: () => void
}

/** First run (or "add a workspace"): create one, or join with an invite. */
export function SetupScreen({ joinCode, onReady, onError, onCancel }: SetupScreenProps) {
  const joining = joinCode !== undefined
  return (
    <main className="setup" data-testid="setup-screen">
      {onCancel && (
        <button type="button" className="link" onClick={onCancel} data-testid="setup-cancel">
          ← Back to the board
        </button>
      )}
      <div className="setup-forms">
        {!joining && <CreateWorkspaceForm onCreated={onReady} onError={onError} />}
        <JoinForm key={joinCode ?? ''} {...(joining ? { initialCode: joinCode } : {})} onJoined={onReady} onError={onError} />
      </div>
    </main>
  )
}
