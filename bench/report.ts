// Turns measurements into the printed table and bench/results.json (name, value, unit;
// ratios with their targets; the machine they were taken on). Each entry names its suite: a
// run of one suite (BENCH_SUITE) replaces that suite's entries and keeps the others'.

import { readFile, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import type { Measured } from './harness.ts'

export interface Ratio {
  readonly name: string
  readonly numerator: string
  readonly denominator: string
  readonly value: number
  /** The ratio must stay below this; undefined when the comparison has no such target. */
  readonly below?: number
  /** The ratio must reach at least this (throughput against a baseline). */
  readonly atLeast?: number
}

export interface Report {
  /** The suite's name, as BENCH_SUITE spells it. */
  readonly suite: string
  readonly measured: readonly Measured[]
  readonly ratios: readonly Ratio[]
  readonly notes: readonly string[]
  readonly settings: Readonly<Record<string, number>>
  /** The timed phases to show, in order (default push, pull, total, total cpu). */
  readonly phases?: readonly string[]
  /** Phases whose min-max over the runs is shown (default total). */
  readonly spread?: readonly string[]
  /** Phases that each move this many MB: shown (and written) as MB/s beside their ms. */
  readonly throughput?: { readonly mb: number; readonly phases: readonly string[] }
}

const COUNT_UNITS: Readonly<Record<string, string>> = {
  'bytes stored': 'bytes',
  'push bytes written': 'bytes',
  'pull bytes read': 'bytes',
  'bytes read': 'bytes',
  'bytes written': 'bytes',
  'upload bytes written': 'bytes',
  'download bytes read': 'bytes',
}

/** MB/s of a phase that moved `mb` MB in `ms`. */
export function mbPerSecond(mb: number, ms: number | undefined): number {
  return ms === undefined ? NaN : mb / (ms / 1000)
}

export function printReport(report: Report): void {
  const phases = report.phases ?? ['push', 'pull', 'total', 'total cpu']
  const spread = report.spread ?? ['total']
  const rated = new Set(report.throughput?.phases ?? [])
  const mb = report.throughput?.mb ?? NaN
  console.log()
  printTable(
    [`median of ${report.measured[0]?.runs.length ?? 0} runs`, ...phases.flatMap((p) => (rated.has(p) ? [`${p} ms`, `${p} MB/s`] : [`${p} ms`])), ...spread.map((p) => `${p} min-max`)],
    report.measured.map((m) => [
      m.name,
      ...phases.flatMap((p) => (rated.has(p) ? [fixed(m.ms[p], 0), fixed(mbPerSecond(mb, m.ms[p]), 1)] : [fixed(m.ms[p], 0)])),
      ...spread.map((p) => {
        const values = m.runs.map((r) => r.ms[p] ?? NaN)
        return values.some((v) => !Number.isNaN(v)) ? `${fixed(Math.min(...values), 0)}-${fixed(Math.max(...values), 0)}` : '-'
      }),
    ]),
  )
  const withCounts = report.measured.filter((m) => Object.keys(m.counts).length > 0)
  const countNames = [...new Set(withCounts.flatMap((m) => Object.keys(m.counts)))]
  console.log()
  printTable(['volume', ...countNames], withCounts.map((m) => [m.name, ...countNames.map((c) => fixed(m.counts[c], 0))]))
  console.log()
  printTable(
    ['ratio', 'value', 'target', 'met'],
    report.ratios.map((r) => [r.name, fixed(r.value, 2), targetText(r) ?? 'none', metText(r)]),
  )
  for (const note of report.notes) console.log(`note: ${note}`)
}

interface ResultsFile {
  date: string
  node: string
  cpu: string
  cores: number
  platform: string
  /** When each suite was last run, and with what settings. */
  suites: Record<string, { date: string; settings: Readonly<Record<string, number>> }>
  settings: Record<string, number>
  results: { suite: string; name: string; value: number; unit: string; samples?: number[] }[]
  ratios: { suite: string; name: string; value: number; numerator: string; denominator: string; target: string | null; met: boolean | null }[]
  notes: string[]
}

/** Writes the reports' suites into `file`, keeping what it holds for the suites not run now. */
export async function writeResults(file: URL, reports: readonly Report[], notes: readonly string[] = []): Promise<void> {
  const date = new Date().toISOString()
  const ran = new Set(reports.map((r) => r.suite))
  const previous = await readPrevious(file)
  // Entries without a suite come from before suites were recorded: dropped, rerun to restore.
  const kept = <T extends { suite?: string }>(entries: readonly T[] | undefined): T[] => (entries ?? []).filter((e) => e.suite !== undefined && !ran.has(e.suite))
  const suites = Object.fromEntries(Object.entries(previous?.suites ?? {}).filter(([name]) => !ran.has(name)))
  for (const report of reports) suites[report.suite] = { date, settings: report.settings }

  const results = reports.flatMap((report) =>
    report.measured.flatMap((m) => [
      ...Object.entries(m.ms).map(([phase, value]) => ({
        suite: report.suite,
        name: `${m.name}: ${phase}`,
        value: round(value),
        unit: 'ms',
        samples: m.runs.map((r) => round(r.ms[phase] ?? NaN)),
      })),
      ...(report.throughput?.phases ?? [])
        .filter((phase) => phase in m.ms)
        .map((phase) => ({
          suite: report.suite,
          name: `${m.name}: ${phase}`,
          value: round(mbPerSecond(report.throughput!.mb, m.ms[phase])),
          unit: 'MB/s',
          samples: m.runs.map((r) => round(mbPerSecond(report.throughput!.mb, r.ms[phase]))),
        })),
      ...Object.entries(m.counts).map(([count, value]) => ({ suite: report.suite, name: `${m.name}: ${count}`, value, unit: COUNT_UNITS[count] ?? 'count' })),
    ]),
  )
  const ratios = reports.flatMap((report) =>
    report.ratios.map((r) => ({
      suite: report.suite,
      name: r.name,
      value: round(r.value, 3),
      numerator: r.numerator,
      denominator: r.denominator,
      target: targetText(r) ?? null,
      met: met(r) ?? null,
    })),
  )
  const json: ResultsFile = {
    date,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${process.platform} ${process.arch}`,
    suites,
    settings: Object.assign({}, ...Object.values(suites).map((s) => s.settings)),
    results: [...kept(previous?.results), ...results],
    ratios: [...kept(previous?.ratios), ...ratios],
    notes: [...notes, ...reports.flatMap((r) => r.notes)],
  }
  await writeFile(file, JSON.stringify(json, null, 2) + '\n')
}

async function readPrevious(file: URL): Promise<Partial<ResultsFile> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Partial<ResultsFile>
  } catch {
    return undefined // none yet, or unreadable: written afresh
  }
}

function targetText(ratio: Ratio): string | undefined {
  if (ratio.below !== undefined) return `< ${ratio.below}`
  if (ratio.atLeast !== undefined) return `>= ${ratio.atLeast}`
  return undefined
}

function met(ratio: Ratio): boolean | undefined {
  if (ratio.below !== undefined) return ratio.value < ratio.below
  if (ratio.atLeast !== undefined) return ratio.value >= ratio.atLeast
  return undefined
}

function metText(ratio: Ratio): string {
  const ok = met(ratio)
  return ok === undefined ? '-' : ok ? 'yes' : 'NO'
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits)
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits))
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}
