// The panel's look, inline so it needs no stylesheet and never clashes with the app's CSS.

import type { CSSProperties } from 'react'

export const panel: CSSProperties = {
  font: '12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  background: '#111827',
  color: '#e5e7eb',
  padding: '12px',
  borderRadius: '6px',
  overflow: 'auto',
  maxHeight: '80vh',
}
export const section: CSSProperties = { margin: '12px 0 0' }
export const heading: CSSProperties = { font: 'bold 12px/1.4 inherit', margin: '0 0 4px', color: '#93c5fd' }
export const table: CSSProperties = { borderCollapse: 'collapse', width: '100%' }
export const cell: CSSProperties = { padding: '1px 8px 1px 0', verticalAlign: 'top', whiteSpace: 'nowrap' }
export const warning: CSSProperties = { color: '#fca5a5' }
export const button: CSSProperties = { font: 'inherit', marginRight: '8px', cursor: 'pointer' }

/** The first characters of a 64-hex id: enough to tell devices apart on screen. */
export function short(id: string | undefined): string {
  return id === undefined ? '—' : id.length > 12 ? `${id.slice(0, 10)}…` : id
}

export function when(iso: string | undefined): string {
  return iso === undefined ? 'never' : new Date(iso).toLocaleTimeString()
}
