// The board of the open workspace as a typed document, live: its view (valid entries, invalid
// ones apart, trash, notices), whether this device may write it, and the document itself for
// writes. When an admin erases part of it, the board moves on to the document that holds what
// was kept. Writers purge expired trash on a timer (upkeep otherwise runs after changes).

import { resolveDocument, type DocumentAccess, type DocumentView, type TypedDocument } from 'clientful'
import { useEmitterValue, useWorkspace } from 'clientful/react'
import { useEffect, useState } from 'react'
import { board } from './app-board.ts'
import type { BoardEntry } from './board-schema.ts'
import { BOARD_DOC } from './board-type.ts'

export type BoardDocument = TypedDocument<BoardEntry>

export interface BoardSnapshot {
  readonly doc: BoardDocument
  readonly view: DocumentView<BoardEntry>
  readonly access: DocumentAccess
}

export type BoardState = { readonly state: 'opening' } | { readonly state: 'failed'; readonly error: unknown } | ({ readonly state: 'open' } & BoardSnapshot)

const TRASH_UPKEEP_MS = 60_000
const noSubscription = (): (() => void) => () => undefined

export function useBoard(): BoardState {
  const workspace = useWorkspace()
  const [opened, setOpened] = useState<{ doc?: BoardDocument; error?: unknown }>({})
  // Bumped to open the board again: after an erasure, the name it resolves to changed.
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    let current = true
    let doc: BoardDocument | undefined
    setOpened({})
    board.open(workspace, BOARD_DOC).then(
      (typed) => {
        doc = typed
        if (current) setOpened({ doc: typed })
        else typed.close()
      },
      (error: unknown) => current && setOpened({ error }),
    )
    const upkeep = setInterval(() => doc?.maintain(), TRASH_UPKEEP_MS)
    return () => {
      current = false
      clearInterval(upkeep)
      doc?.close()
    }
  }, [workspace, generation])

  const { doc } = opened
  const snapshot = useEmitterValue<BoardSnapshot | undefined>(
    doc,
    doc ? (onChange) => doc.on('change', onChange) : noSubscription,
    () => (doc ? { doc, view: doc.read(), access: doc.access } : undefined),
  )

  const erased = snapshot?.access.writable === false && snapshot.access.reason === 'erased'
  useEffect(() => {
    if (!erased || !doc) return
    let current = true
    // The list of erasures that names the successor may arrive after the board was forgotten:
    // look again as documents change, until the name moves.
    const follow = (): void => {
      void resolveDocument(workspace, doc.name).then((resolved) => current && resolved.name !== doc.name && setGeneration((n) => n + 1))
    }
    follow()
    const off = workspace.on('change', ({ origin }) => origin === 'remote' && follow())
    return () => {
      current = false
      off()
    }
  }, [erased, doc, workspace])

  if (opened.error !== undefined) return { state: 'failed', error: opened.error }
  if (!snapshot) return { state: 'opening' }
  return { state: 'open', ...snapshot }
}
