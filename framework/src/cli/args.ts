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
