// The diagnostic report's format name and version (the report itself is public:
// api/diagnostic-report.ts).

import type { DiagnosticReport } from '../api/diagnostic-report.ts'

export type * from '../api/diagnostic-report.ts'

export const DIAGNOSTICS_FORMAT = 'clientful/diagnostics' satisfies DiagnosticReport['format']
export const DIAGNOSTICS_VERSION = 1 satisfies DiagnosticReport['v']
