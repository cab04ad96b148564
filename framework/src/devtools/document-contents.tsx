// Documents in the devtools panel: ids and heads always; names and contents only when the
// person at the screen asks for them (a panel left open must not show data to onlookers).

import * as A from '@automerge/automerge'
import { useState } from 'react'
import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { DiagnosticReport } from '../api/diagnostic-report.ts'
import { button, cell, heading, section, short, table } from './panel-style.ts'

type Revealed = ReadonlyMap<string, { readonly name: string | undefined; readonly json: string | undefined }>

export function DocumentsSection({ report, workspace }: { readonly report: DiagnosticReport; readonly workspace: WorkspaceApi }) {
  const [revealed, setRevealed] = useState<Revealed>()
  const reveal = async (): Promise<void> => {
    const out = new Map<string, { name: string | undefined; json: string | undefined }>()
    for (const { id, name } of await workspace.documents()) {
      const handle = name === undefined ? undefined : await workspace.findDoc(name)
      out.set(id, { name, json: handle && JSON.stringify(A.toJS(handle.doc()), null, 1) })
    }
    setRevealed(out)
  }
  return (
    <section style={section} data-testid="devtools-documents">
      <h4 style={heading}>Documents ({report.documents.length})</h4>
      {revealed ? (
        <button type="button" style={button} data-testid="devtools-hide-contents" onClick={() => setRevealed(undefined)}>
          Hide names and contents
        </button>
      ) : (
        <button type="button" style={button} data-testid="devtools-show-contents" onClick={() => void reveal()}>
          Show names and contents
        </button>
      )}
      <table style={table}>
        <tbody>
          {report.documents.map((d) => (
            <tr key={d.id} data-testid="devtools-document-row" data-doc-id={d.id}>
              <td style={cell}>{d.id}</td>
              <td style={cell}>{d.heads.map(short).join(' ') || '(empty)'}</td>
              <td style={cell}>{d.unsealed ? 'edits not sealed' : ''}</td>
              {revealed && (
                <td style={{ ...cell, whiteSpace: 'pre-wrap' }} data-testid="devtools-document-contents">
                  {revealed.get(d.id)?.name ?? '(a framework document)'}
                  {revealed.get(d.id)?.json !== undefined && `\n${revealed.get(d.id)!.json}`}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
