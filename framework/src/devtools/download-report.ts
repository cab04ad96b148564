// "Download diagnostic report": the workspace's report as a JSON file the user can send to
// support. Browser only (it clicks a temporary link to an object URL).

import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { DiagnosticReport } from '../api/diagnostic-report.ts'

export function diagnosticFileName(report: DiagnosticReport): string {
  return `clientful-diagnostics-${report.ids.workspace.slice(0, 8)}-${report.createdAt.replace(/[:.]/g, '-')}.json`
}

/** Collects the report and saves it as a file; resolves to the report that was saved. */
export async function downloadDiagnosticReport(workspace: WorkspaceApi): Promise<DiagnosticReport> {
  const report = await workspace.diagnostics()
  const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }))
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = diagnosticFileName(report)
    link.rel = 'noopener'
    document.body.append(link)
    link.click()
    link.remove()
  } finally {
    // The download has started from the click; the URL is not needed after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
  return report
}
