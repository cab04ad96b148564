// Runs a form's submit action and keeps its progress and error as state for the form: busy
// while it runs, then the described error, if it threw (also handed to `onError`).

import { useState } from 'react'
import { describeError } from './describe-error.ts'

export interface FormAction {
  readonly busy: boolean
  readonly error: string | undefined
  /** Clears the error and runs `action`, busy meanwhile; shows what it threw. */
  readonly run: (action: () => Promise<void>) => Promise<void>
  /** Shows `error` (and hands it to `onError`) without running anything. */
  readonly fail: (error: string) => void
}

export function useFormAction(onError?: (message: string) => void): FormAction {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const fail = (message: string): void => {
    setError(message)
    onError?.(message)
  }
  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      await action()
    } catch (failure) {
      fail(describeError(failure))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, fail }
}
