// A destructive action in two steps, inline (no blocking dialog): "Remove" → "Remove X? Yes / No".

import { useState } from 'react'

export interface ConfirmButtonProps {
  readonly label: string
  readonly question: string
  readonly busyLabel: string
  readonly testId: string
  readonly disabled?: boolean
  readonly onConfirm: () => Promise<void>
}

export function ConfirmButton({ label, question, busyLabel, testId, disabled = false, onConfirm }: ConfirmButtonProps) {
  const [step, setStep] = useState<'idle' | 'asking' | 'busy'>('idle')
  const confirm = async (): Promise<void> => {
    setStep('busy')
    try {
      await onConfirm()
    } finally {
      setStep('idle')
    }
  }
  if (step === 'busy') return <span className="form-hint">{busyLabel}</span>
  if (step === 'asking') {
    return (
      <span className="confirm">
        <span>{question}</span>
        <button type="button" className="danger" data-testid={`${testId}-confirm`} onClick={() => void confirm()}>
          Yes
        </button>
        <button type="button" className="secondary" data-testid={`${testId}-cancel`} onClick={() => setStep('idle')}>
          No
        </button>
      </span>
    )
  }
  return (
    <button type="button" className="secondary" data-testid={testId} disabled={disabled} onClick={() => setStep('asking')}>
      {label}
    </button>
  )
}
