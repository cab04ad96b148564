// The read-only sections of the devtools panel, each drawn from the diagnostic report.

import type { ReactNode } from 'react'
import type { DiagnosticReport } from '../api/diagnostic-report.ts'
import { cell, heading, section, short, table, warning, when } from './panel-style.ts'

function Section({ title, testId, children }: { readonly title: string; readonly testId: string; readonly children: ReactNode }) {
  return (
    <section style={section} data-testid={testId}>
      <h4 style={heading}>{title}</h4>
      {children}
    </section>
  )
}

function Rows({ head, rows, testId }: { readonly head: readonly string[]; readonly rows: readonly (readonly ReactNode[])[]; readonly testId: string }) {
  if (rows.length === 0) return <div>none</div>
  return (
    <table style={table}>
      <thead>
        <tr>{head.map((h) => <th key={h} style={{ ...cell, textAlign: 'left' }}>{h}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i} data-testid={testId}>
            {row.map((value, j) => <td key={j} style={cell}>{value}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function EngineSection({ report }: { readonly report: DiagnosticReport }) {
  const where = report.tab === undefined ? 'this process' : report.tab.runsEngine ? 'this tab' : 'another tab of this browser'
  return (
    <Section title="Engine" testId="devtools-engine">
      <div data-runs-engine={report.tab?.runsEngine === false ? 'no' : 'yes'}>
        The device's engine runs in {where}. Device {short(report.ids.device)}, user {short(report.ids.user)}, workspace {report.ids.workspace},
        role {report.role ?? 'none (removed)'}; clientful {report.versions.clientful}, storage format {report.versions.storageFormat}.
      </div>
    </Section>
  )
}

export function SyncSection({ report }: { readonly report: DiagnosticReport }) {
  const { status, relay } = report
  return (
    <Section title="Sync and relay" testId="devtools-sync">
      <div data-testid="devtools-relay" data-state={relay.state}>
        relay {relay.state}
        {relay.url ? ` (${relay.url})` : ''} · {status.online ? 'online' : 'offline'} · {status.uploaded ? 'all uploaded' : 'upload not confirmed'} · last sync {when(status.lastSyncAt)}
        {status.syncing ? ' · syncing' : ''}
      </div>
      {report.errors.map((line, i) => (
        <div key={i} style={warning} data-testid="devtools-error">{line}</div>
      ))}
      {status.problems.map((problem, i) => (
        <div key={i} style={warning}>problem: {problem.kind}</div>
      ))}
    </Section>
  )
}

export function OutboxSection({ report }: { readonly report: DiagnosticReport }) {
  const { outbox } = report
  return (
    <Section title="Outbox" testId="devtools-outbox">
      <div data-testid="devtools-outbox-summary" data-pending={outbox.pendingChanges} data-unsealed={outbox.unsealedDocuments}>
        last sealed #{outbox.lastSeq} · {outbox.pendingChanges} change(s) waiting for storage · {outbox.unsealedDocuments} document(s) with edits not sealed yet
      </div>
      <Rows head={['envelope', 'changes']} testId="devtools-outbox-row" rows={outbox.pendingEnvelopes.map((e) => [`#${e.seq}`, e.changes])} />
    </Section>
  )
}

export function StorageSection({ report }: { readonly report: DiagnosticReport }) {
  return (
    <Section title="Storage locations" testId="devtools-storage">
      <Rows
        head={['location', 'health', 'our log', 'last sync', 'restored', 'error']}
        testId="devtools-storage-row"
        rows={report.storages.map((s) => [s.url, s.state, `#${s.ownLogHead}`, when(s.lastSyncAt), s.restored, s.error ?? ''])}
      />
    </Section>
  )
}

export function ProgressSection({ report }: { readonly report: DiagnosticReport }) {
  return (
    <Section title="Other devices' logs applied here" testId="devtools-progress">
      <Rows head={['device', 'applied 1…', 'highest']} testId="devtools-progress-row" rows={report.progress.map((p) => [short(p.device), `#${p.highWater}`, `#${p.max}`])} />
    </Section>
  )
}

export function RefusedSection({ report }: { readonly report: DiagnosticReport }) {
  return (
    <Section title={`Refused (${report.refusals.count})`} testId="devtools-refused">
      <Rows
        head={['when', 'what', 'from', 'reason', 'detail']}
        testId="devtools-refused-row"
        rows={report.refusals.recent.map((r) => [when(r.at), `${r.source} ${r.kind}${r.seq === undefined ? '' : ` #${r.seq}`}`, short(r.device), r.reason, r.detail])}
      />
    </Section>
  )
}

export function MembershipSection({ report }: { readonly report: DiagnosticReport }) {
  const { membership } = report
  return (
    <Section title={`Membership (${membership.entries} entries)`} testId="devtools-membership">
      <div>
        current epoch {membership.currentEpoch}
        {membership.needsRotation ? ' · a rotation is due' : ''}
        {membership.waitingEntries > 0 ? ` · ${membership.waitingEntries} entries wait for their parents` : ''}
      </div>
      <Rows head={['epoch', 'created by', 'position', 'holders']} testId="devtools-epoch-row" rows={membership.epochs.map((e) => [e.id, short(e.creator), e.position, e.holders])} />
      <Rows
        head={['entry', 'type', 'author', 'subject', 'role', 'at']}
        testId="devtools-log-row"
        rows={membership.log.map((e) => [short(e.hash), e.type, short(e.author), short(e.subject), e.role ?? '', when(e.at)])}
      />
      {membership.refusedEntries.map((r) => (
        <div key={r.hash} style={warning}>refused entry {short(r.hash)}: {r.reason}</div>
      ))}
    </Section>
  )
}
