// The open workspace's diagnostic report, kept current: collected again after the events that
// can change it (status, membership, refusals, document changes), at most once per interval.

import { useCallback, useEffect, useRef, useState } from 'react'
import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { DiagnosticReport } from '../api/diagnostic-report.ts'

export interface LiveDiagnostics {
  readonly report: DiagnosticReport | undefined
  /** Why the last collection failed (the engine tab closed mid-call, say). */
  readonly error: unknown
  readonly refresh: () => void
}

const EVENTS = ['status', 'membership', 'rejected', 'change'] as const

export function useDiagnostics(workspace: WorkspaceApi, minIntervalMs = 1000): LiveDiagnostics {
  const [state, setState] = useState<{ report?: DiagnosticReport; error?: unknown }>({})
  const busy = useRef(false)
  const again = useRef(false)
  const collect = useCallback(() => {
    if (busy.current) return void (again.current = true)
    busy.current = true
    workspace
      .diagnostics()
      .then(
        (report) => setState({ report }),
        (error: unknown) => setState((s) => ({ ...s, error })),
      )
      .finally(() => {
        // Another event came while collecting: collect once more, a little later.
        setTimeout(() => {
          busy.current = false
          if (again.current) {
            again.current = false
            collect()
          }
        }, minIntervalMs)
      })
  }, [workspace, minIntervalMs])
  useEffect(() => {
    collect()
    const offs = EVENTS.map((event) => workspace.on(event, collect))
    return () => offs.forEach((off) => off())
  }, [workspace, collect])
  return { report: state.report, error: state.error, refresh: collect }
}
