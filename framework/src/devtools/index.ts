// clientful/devtools: a read-only panel for an app's development builds (or behind a flag),
// and the "download diagnostic report" action for support.

export { ClientfulDevtools, type ClientfulDevtoolsProps } from './clientful-devtools.tsx'
export { useDiagnostics, type LiveDiagnostics } from './use-diagnostics.ts'
export { downloadDiagnosticReport, diagnosticFileName } from './download-report.ts'
