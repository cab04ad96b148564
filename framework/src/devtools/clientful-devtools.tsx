// A read-only panel an app can mount (behind a flag) to see what its workspace is doing: which
// tab runs the engine, the outbox, storage locations and their health, the relay, what was
// refused, the membership log and epochs, and documents by id and heads — contents only when
// asked. Everything comes from ws.diagnostics(), refreshed as the workspace changes.

import type { WorkspaceApi } from '../api/workspace-api.ts'
import { useWorkspace } from '../react/workspace-provider.tsx'
import { DocumentsSection } from './document-contents.tsx'
import { downloadDiagnosticReport } from './download-report.ts'
import { button, panel, warning } from './panel-style.ts'
import { EngineSection, MembershipSection, OutboxSection, ProgressSection, RefusedSection, StorageSection, SyncSection } from './report-sections.tsx'
import { useDiagnostics } from './use-diagnostics.ts'

export interface ClientfulDevtoolsProps {
  /** Default: the workspace of the nearest <WorkspaceProvider>. */
  readonly workspace?: WorkspaceApi
}

export function ClientfulDevtools({ workspace }: ClientfulDevtoolsProps) {
  return workspace ? <Panel workspace={workspace} /> : <PanelForProvidedWorkspace />
}

function PanelForProvidedWorkspace() {
  return <Panel workspace={useWorkspace()} />
}

function Panel({ workspace }: { readonly workspace: WorkspaceApi }) {
  const { report, error, refresh } = useDiagnostics(workspace)
  return (
    <aside style={panel} data-testid="devtools" aria-label="Clientful devtools">
      <button type="button" style={button} data-testid="devtools-refresh" onClick={refresh}>
        Refresh
      </button>
      <button type="button" style={button} data-testid="devtools-download" onClick={() => void downloadDiagnosticReport(workspace)}>
        Download diagnostic report
      </button>
      {error !== undefined && <div style={warning}>could not read the report: {error instanceof Error ? error.message : String(error)}</div>}
      {!report ? (
        <div>Reading…</div>
      ) : (
        <>
          <EngineSection report={report} />
          <SyncSection report={report} />
          <OutboxSection report={report} />
          <StorageSection report={report} />
          <ProgressSection report={report} />
          <RefusedSection report={report} />
          <MembershipSection report={report} />
          <DocumentsSection report={report} workspace={workspace} />
        </>
      )}
    </aside>
  )
}
