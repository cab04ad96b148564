// Turns measurements into the printed table and bench/results.json (name, value, unit;
// ratios with their targets; the machine they were taken on).

import { writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import type { Measured } from './harness.ts'

export interface Ratio {
  readonly name: string
  readonly numerator: string
  readonly denominator: string
  readonly value: number
  /** The ratio must stay below this; undefined when the comparison has no target. */
  readonly below?: number
}

export interface Report {
  readonly measured: readonly Measured[]
  readonly ratios: readonly Ratio[]
  readonly notes: readonly string[]
  readonly settings: Readonly<Record<string, number>>
  /** The timed phases to show, in order (default push, pull, total, total cpu). */
  readonly phases?: readonly string[]
}

const COUNT_UNITS: Readonly<Record<string, string>> = {
  'bytes stored': 'bytes',
  'push bytes written': 'bytes',
  'pull bytes read': 'bytes',
  'bytes read': 'bytes',
  'bytes written': 'bytes',
}

export function printReport(report: Report): void {
  const phases = report.phases ?? ['push', 'pull', 'total', 'total cpu']
  console.log()
  printTable(
    [`median of ${report.settings.runs} runs`, ...phases.map((p) => `${p} ms`), 'total min-max'],
    report.measured.map((m) => {
      const totals = m.runs.map((r) => r.ms.total ?? NaN)
      return [m.name, ...phases.map((p) => fixed(m.ms[p], 0)), `${fixed(Math.min(...totals), 0)}-${fixed(Math.max(...totals), 0)}`]
    }),
  )
  const withCounts = report.measured.filter((m) => Object.keys(m.counts).length > 0)
  const countNames = [...new Set(withCounts.flatMap((m) => Object.keys(m.counts)))]
  console.log()
  printTable(['volume', ...countNames], withCounts.map((m) => [m.name, ...countNames.map((c) => fixed(m.counts[c], 0))]))
  console.log()
  printTable(
    ['ratio', 'value', 'target', 'met'],
    report.ratios.map((r) => [r.name, fixed(r.value, 2), r.below === undefined ? 'none' : `< ${r.below}`, metText(r)]),
  )
  for (const note of report.notes) console.log(`note: ${note}`)
}

export async function writeResults(file: URL, report: Report): Promise<void> {
  const results = report.measured.flatMap((m) => [
    ...Object.entries(m.ms).map(([phase, value]) => ({
      name: `${m.name}: ${phase}`,
      value: round(value),
      unit: 'ms',
      samples: m.runs.map((r) => round(r.ms[phase] ?? NaN)),
    })),
    ...Object.entries(m.counts).map(([count, value]) => ({ name: `${m.name}: ${count}`, value, unit: COUNT_UNITS[count] ?? 'count' })),
  ])
  const ratios = report.ratios.map((r) => ({
    name: r.name,
    value: round(r.value, 3),
    numerator: r.numerator,
    denominator: r.denominator,
    target: r.below === undefined ? null : `< ${r.below}`,
    met: r.below === undefined ? null : r.value < r.below,
  }))
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${process.platform} ${process.arch}`,
    settings: report.settings,
    results,
    ratios,
    notes: report.notes,
  }
  await writeFile(file, JSON.stringify(json, null, 2) + '\n')
}

function metText(ratio: Ratio): string {
  if (ratio.below === undefined) return '-'
  return ratio.value < ratio.below ? 'yes' : 'NO'
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
