// Argument parsing for the CLI: node:util's parseArgs plus errors that say what to type.

import { parseArgs } from 'node:util'

export class UsageError extends Error {
  override name = 'UsageError'
}

export type Flags = Record<string, string | boolean | undefined>

export interface ParsedCommand {
  readonly flags: Flags
  readonly positionals: string[]
}

export function parseCommand(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true })
    return { flags: values as Flags, positionals }
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

export function requireFlag(flags: Flags, name: string): string {
  const value = flags[name]
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`missing --${name}`)
  return value
}

export function optionalFlag(flags: Flags, name: string): string | undefined {
  const value = flags[name]
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** "90s", "10m", "2h", "7d" → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim())
  if (!match) throw new UsageError(`--${flag} must be a duration like 30s, 10m, 2h or 7d (got ${JSON.stringify(text)})`)
  return Number(match[1]) * UNITS[match[2]!]!
}

export function parsePositiveInteger(text: string, flag: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--${flag} must be a positive integer (got ${JSON.stringify(text)})`)
  return value
}
