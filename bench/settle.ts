// Benchmark hygiene before each timed phase: collect the garbage the untimed setup left
// (so its collection is not billed to the phase) and write back dirty file pages (so the
// phase's fsyncs do not wait for the setup's writes).

import { execFileSync } from 'node:child_process'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

export function settle(): void {
  collectGarbage()
  execFileSync('sync')
}
