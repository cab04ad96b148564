// `npm run bench`: 10,000 offline changes across 20 documents pushed by one device and
// pulled, verified and applied by another, through storage only; with security on and off
// (the price of security, target < 1.25) and against an automerge-repo sync server. All
// variants run in the same rounds (see harness.ts). BENCH_RUNS changes the number of rounds.

import { automergeRepoSync } from './automerge-repo-sync.ts'
import { clientfulStorageSync } from './clientful-storage-sync.ts'
import { measure, type Measured, type Variant } from './harness.ts'
import { printReport, writeResults, type Ratio } from './report.ts'
import { localFolderBackend, s3rverBackend, type StorageBackend } from './storage-backends.ts'
import { CHANGES_PER_DOC, DOCS, TASKS_PER_DOC } from './workload.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const WARMUPS = 1
const SECURITY_PRICE_TARGET = 1.25
const RESULTS_FILE = new URL('./results.json', import.meta.url)

const notes: string[] = []
const backends: StorageBackend[] = [localFolderBackend()]
try {
  backends.push(await s3rverBackend())
} catch (error) {
  notes.push(`s3rver skipped: ${error instanceof Error ? error.message : String(error)}`)
}

const variants: Variant[] = [
  ...backends.flatMap((b) => [clientfulStorageSync(b, 'on'), clientfulStorageSync(b, 'off')]),
  automergeRepoSync(),
]
console.log(`${DOCS} documents x ${CHANGES_PER_DOC} changes, ${WARMUPS} warm-up + ${RUNS} rounds of ${variants.length} variants`)

let measured: Measured[]
try {
  measured = await measure(variants, { warmups: WARMUPS, runs: RUNS, log: (line) => console.log(line) })
} finally {
  for (const backend of backends) await backend.stop()
}

const byName = new Map(measured.map((m) => [m.name, m]))
const ratio = (name: string, numerator: string, denominator: string, phase: string, below?: number): Ratio => ({
  name,
  numerator: `${numerator}: ${phase}`,
  denominator: `${denominator}: ${phase}`,
  value: (byName.get(numerator)?.ms[phase] ?? NaN) / (byName.get(denominator)?.ms[phase] ?? NaN),
  ...(below !== undefined && { below }),
})
const ratios: Ratio[] = []
for (const backend of backends) {
  const on = clientfulStorageSync(backend, 'on').name
  const off = clientfulStorageSync(backend, 'off').name
  const price = `price of security, ${backend.name}`
  ratios.push(
    ratio(price, on, off, 'total', SECURITY_PRICE_TARGET),
    ratio(`${price}, push`, on, off, 'push'),
    ratio(`${price}, pull`, on, off, 'pull'),
    ratio(`${price}, cpu time`, on, off, 'total cpu'),
  )
}
const baseline = automergeRepoSync().name
for (const backend of backends) {
  ratios.push(ratio(`clientful ${backend.name} / automerge-repo`, clientfulStorageSync(backend, 'on').name, baseline, 'total'))
}

const report = { measured, ratios, notes, settings: { runs: RUNS, warmups: WARMUPS, docs: DOCS, changesPerDoc: CHANGES_PER_DOC, tasksPerDoc: TASKS_PER_DOC } }
printReport(report)
await writeResults(RESULTS_FILE, report)
console.log(`\nwrote ${RESULTS_FILE.pathname}`)
