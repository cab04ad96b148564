// "Erase permanently" (admins): the entry is cut out of the board, which continues in a copy
// without it and without any history; the previous copy is emptied. What remains until the
// engine's part of erasure lands is said where it happens (BoardNotices).

import { eraseEntries } from 'clientful'
import { useWorkspace } from 'clientful/react'
import { useState } from 'react'
import { ConfirmButton } from './ConfirmButton.tsx'

export interface EraseButtonProps {
  /** The board document's current name. */
  readonly docName: string
  readonly entry: string
  readonly label: string
  readonly onErased: () => void
}

export function EraseButton({ docName, entry, label, onErased }: EraseButtonProps) {
  const workspace = useWorkspace()
  const [problem, setProblem] = useState<string>()
  return (
    <span className="erase">
      <ConfirmButton
        label="Erase permanently"
        question={`Erase “${label}” for everyone? It cannot be restored.`}
        busyLabel="Erasing…"
        testId="erase"
        onConfirm={async () => {
          const result = await eraseEntries(workspace, docName, [entry])
          if (result.ok) onErased()
          else setProblem(result.detail)
        }}
      />
      {problem && (
        <span className="form-error" role="alert" data-testid="erase-problem">
          {problem}
        </span>
      )}
    </span>
  )
}
