// Runs one account-level action of a fresh device (link it, restore a kit) with the bucket
// keys the user typed, and keeps its progress and its error as state for the form.

import type { WorkspaceApi } from 'clientful'
import { useState } from 'react'
import { useServices } from '../app/services.ts'
import type { S3Credentials } from '../storage/credential-store.ts'
import { describeError } from './describe-error.ts'

export type ActionState = { readonly step: 'idle' } | { readonly step: 'running' } | { readonly step: 'failed'; readonly error: string }

export interface AccountAction {
  readonly state: ActionState
  readonly keys: S3Credentials
  readonly setKeys: (keys: S3Credentials) => void
  /** Runs `action`; on success hands the first workspace to `onDone`, else shows the error. */
  readonly run: (action: () => Promise<WorkspaceApi[]>) => Promise<void>
  readonly fail: (error: string) => void
}

export function useAccountAction(
  onDone: (workspaceId: string) => void,
  onError: (message: string) => void,
  describe: (error: unknown) => string = describeError,
): AccountAction {
  const { config, credentials } = useServices()
  const [state, setState] = useState<ActionState>({ step: 'idle' })
  const [keys, setKeys] = useState<S3Credentials>({ accessKeyId: config.storage?.accessKeyId ?? '', secretAccessKey: config.storage?.secretAccessKey ?? '' })
  const fail = (error: string): void => {
    setState({ step: 'failed', error })
    onError(error)
  }
  const run = async (action: () => Promise<WorkspaceApi[]>): Promise<void> => {
    setState({ step: 'running' })
    try {
      const workspaces = await credentials.withFallback(keys, action)
      const first = workspaces[0]
      if (!first) return fail('That worked, but it holds no workspace: create one or join with an invite')
      setState({ step: 'idle' })
      onDone(first.id)
    } catch (error) {
      fail(describe(error))
    }
  }
  return { state, keys, setKeys, run, fail }
}
