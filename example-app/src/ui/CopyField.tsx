// A read-only value (an invite or device link) with a Copy button; a failed copy says what to do.

import { useState } from 'react'

export interface CopyFieldProps {
  readonly value: string
  readonly label: string
  /** data-testid of the field; the button is `<testId>-copy`. */
  readonly testId: string
}

export function CopyField({ value, label, testId }: CopyFieldProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value)
      setState('copied')
    } catch {
      setState('failed')
    }
  }
  return (
    <div className="copy-field">
      <input readOnly value={value} data-testid={testId} aria-label={label} onFocus={(e) => e.target.select()} />
      <button type="button" data-testid={`${testId}-copy`} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'failed' && <p className="form-hint">Could not copy: select the text and copy it by hand.</p>}
    </div>
  )
}
