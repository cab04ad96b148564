// What this device refused in the open workspace (from storage, the relay, or its own edits
// no peer would accept), oldest first, live.

import { useEffect, useState } from 'react'
import type { Rejection } from '../api/rejection.ts'
import { useWorkspace } from './workspace-provider.tsx'

export interface RefusedItems {
  /** Undefined until the device's list is read. */
  readonly items: readonly Rejection[] | undefined
  /** The latest refusal since the component mounted: worth a banner. */
  readonly latest: Rejection | undefined
}

export function useRefused(): RefusedItems {
  const workspace = useWorkspace()
  const [state, setState] = useState<{ workspace: unknown; items?: readonly Rejection[] | undefined; latest?: Rejection | undefined }>({ workspace })
  useEffect(() => {
    let current = true
    const arrived: Rejection[] = []
    setState({ workspace })
    const off = workspace.on('rejected', (rejection) => {
      arrived.push(rejection)
      setState((s) => ({ workspace, items: s.items && [...s.items, rejection], latest: rejection }))
    })
    workspace.rejected().then(
      (stored) => {
        if (!current) return
        // Refusals that arrived while the list was read may be in it already.
        const known = new Set(stored.map(refusalKey))
        const items = [...stored, ...arrived.filter((r) => !known.has(refusalKey(r)))]
        setState((s) => ({ ...s, items }))
      },
      () => current && setState((s) => ({ ...s, items: s.items ?? [...arrived] })),
    )
    return () => {
      current = false
      off()
    }
  }, [workspace])
  return state.workspace === workspace ? { items: state.items, latest: state.latest } : { items: undefined, latest: undefined }
}

function refusalKey(r: Rejection): string {
  return `${r.at}|${r.kind}|${r.reason}|${r.path ?? ''}|${r.device ?? ''}|${r.seq ?? ''}`
}
