// The tiny shared harness: every variant runs once as a warm-up, then N timed rounds. Rounds
// alternate the variants (A B A B …) so drift on a shared machine hits them alike. Each run
// does its own untimed setup and returns the phases it timed; the harness keeps medians.

export interface RunResult {
  /** Timed phases in milliseconds, e.g. { push, pull, total, 'total cpu' }. */
  readonly ms: Readonly<Record<string, number>>
  /** Volumes observed in the run (envelopes, bytes, requests): the same every run. */
  readonly counts?: Readonly<Record<string, number>>
}

export interface Variant {
  readonly name: string
  run(): Promise<RunResult>
}

export interface Measured {
  readonly name: string
  readonly runs: readonly RunResult[]
  /** Median of each phase over the timed runs. */
  readonly ms: Readonly<Record<string, number>>
  readonly counts: Readonly<Record<string, number>>
}

export interface MeasureOptions {
  readonly warmups: number
  readonly runs: number
  readonly log?: (line: string) => void
}

export async function measure(variants: readonly Variant[], options: MeasureOptions): Promise<Measured[]> {
  const log = options.log ?? (() => {})
  for (let i = 0; i < options.warmups; i++) {
    for (const variant of variants) {
      log(`  warm-up ${variant.name}: ${describe(await variant.run())}`)
    }
  }
  const runs = new Map(variants.map((v) => [v.name, [] as RunResult[]]))
  for (let i = 0; i < options.runs; i++) {
    for (const variant of variants) {
      const result = await variant.run()
      runs.get(variant.name)!.push(result)
      log(`  run ${i + 1}/${options.runs} ${variant.name}: ${describe(result)}`)
    }
  }
  return variants.map((v) => {
    const results = runs.get(v.name)!
    return { name: v.name, runs: results, ms: medianOf(results.map((r) => r.ms)), counts: medianOf(results.map((r) => r.counts ?? {})) }
  })
}

export interface Timed<T> {
  /** Wall-clock milliseconds: what a user waits. */
  readonly ms: number
  /** CPU milliseconds this process spent meanwhile (all its threads, user + system). Other
   *  work on the machine slows the wall clock but barely this, so it steadies comparisons. */
  readonly cpuMs: number
  readonly value: T
}

export async function time<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  const value = await work()
  const ms = performance.now() - start
  const cpu = process.cpuUsage(cpuStart)
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, value }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function medianOf(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const keys = new Set(records.flatMap((r) => Object.keys(r)))
  return Object.fromEntries([...keys].map((k) => [k, median(records.flatMap((r) => (k in r ? [r[k]!] : [])))]))
}

function describe(result: RunResult): string {
  return Object.entries(result.ms)
    .map(([phase, ms]) => `${phase} ${ms.toFixed(0)}`)
    .join(', ')
}
