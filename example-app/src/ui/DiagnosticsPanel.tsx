// "Download diagnostic report": a JSON file to send to support when sync misbehaves. It holds
// versions, ids, sequence numbers, heads, statuses, errors and refusals — no keys, no bucket
// keys, no names, no task content — so it is safe to attach to an email.

import { downloadDiagnosticReport } from 'clientful/devtools'
import { useWorkspace } from 'clientful/react'
import { useFormAction } from '../session/use-form-action.ts'

export function DiagnosticsPanel() {
  const workspace = useWorkspace()
  const { busy, error, run } = useFormAction()
  return (
    <section className="card" data-testid="diagnostics-panel">
      <h3>Something not syncing?</h3>
      <p className="form-hint">
        The diagnostic report says what this device sees of this workspace — versions, sync positions, storage health, errors — without keys,
        names or any task content. Send it to whoever supports you.
      </p>
      <button type="button" className="secondary" data-testid="diagnostics-download" disabled={busy} onClick={() => void run(async () => void (await downloadDiagnosticReport(workspace)))}>
        {busy ? 'Collecting…' : 'Download diagnostic report'}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
