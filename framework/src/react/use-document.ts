// A document of the open workspace by name: its current value and a change function, with a
// re-render only when that document changes (locally, in another tab, or by verified remote
// changes). Handles are shared: every component asking for a name gets the same one.

import type * as A from '@automerge/automerge'
import { useCallback, useEffect, useState } from 'react'
import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { DocHandle } from '../docs/doc-handle.ts'
import { useEmitterValue } from './emitter-store.ts'
import { useWorkspace } from './workspace-provider.tsx'

export type ChangeDoc<T> = (change: A.ChangeFn<T>, message?: string) => void

const opening = new WeakMap<WorkspaceApi, Map<string, Promise<DocHandle<any>>>>()

function openShared<T>(workspace: WorkspaceApi, name: string): Promise<DocHandle<T>> {
  let byName = opening.get(workspace)
  if (!byName) opening.set(workspace, (byName = new Map()))
  let handle = byName.get(name)
  if (!handle) {
    handle = workspace.doc<T>(name)
    handle.catch(() => byName.delete(name)) // a later render may try again
    byName.set(name, handle)
  }
  return handle as Promise<DocHandle<T>>
}

export interface DocHandleState<T> {
  readonly handle: DocHandle<T> | undefined
  /** Why the document could not be opened (e.g. an invalid name). */
  readonly error: unknown
}

/** The handle of document `name` (created when the workspace has none), once it is open. */
export function useDocHandle<T = Record<string, unknown>>(name: string): DocHandleState<T> {
  const workspace = useWorkspace()
  const [state, setState] = useState<{ key: string; handle?: DocHandle<T>; error?: unknown }>({ key: '' })
  const key = `${workspace.id}\u0000${name}`
  useEffect(() => {
    let current = true
    openShared<T>(workspace, name).then(
      (handle) => current && setState({ key, handle }),
      (error: unknown) => current && setState({ key, error }),
    )
    return () => void (current = false)
  }, [workspace, name, key])
  return state.key === key ? { handle: state.handle, error: state.error } : { handle: undefined, error: undefined }
}

const noSubscription = (): (() => void) => () => undefined

/**
 * `[doc, change, handle]` for document `name`: `doc` is undefined until it is open, then the
 * current Automerge document; `change(fn)` edits it (ignored before it is open).
 */
export function useDocument<T = Record<string, unknown>>(name: string): [doc: A.Doc<T> | undefined, change: ChangeDoc<T>, handle: DocHandle<T> | undefined] {
  const { handle } = useDocHandle<T>(name)
  const doc = useEmitterValue(
    handle,
    handle ? (onChange) => handle.on('change', onChange) : noSubscription,
    () => handle?.doc(),
  )
  const change = useCallback<ChangeDoc<T>>((fn, message) => void handle?.change(fn, message), [handle])
  return [doc, change, handle]
}
