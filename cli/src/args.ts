// Argument parsing for the CLI: node:util's parseArgs plus errors that say what to type. Every
// bad input becomes a UsageError — one line on stderr, a non-zero exit — before anything is
// written: flags are checked before a command opens its home or storage.

import { parseArgs } from 'node:util'
import { readFile, stat } from 'node:fs/promises'

export class UsageError extends Error {
  override name = 'UsageError'
}

export type Flags = Record<string, string | boolean | undefined>

export interface ParsedCommand {
  readonly flags: Flags
  readonly positionals: string[]
}

export function parseCommand(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): ParsedCommand {
  // No command has one-letter flags, so a word like `-g5ck…` is a value, not a flag: base64url
  // invite codes and link codes may begin with '-'. parseArgs would refuse it; hide it from
  // parseArgs and put it back after.
  const hidden = new Map<string, string>()
  const visible = args.map((arg, i) => {
    if (!/^-[^-]./.test(arg)) return arg
    const placeholder = `\u0000${i}`
    hidden.set(placeholder, arg)
    return placeholder
  })
  const restore = (value: string | boolean | undefined) => (typeof value === 'string' ? (hidden.get(value) ?? value) : value)
  try {
    const { values, positionals } = parseArgs({ args: visible, options, allowPositionals: true, strict: true })
    const flags = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, restore(value as string | boolean | undefined)]))
    return { flags, positionals: positionals.map((p) => hidden.get(p) ?? p) }
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
const DAY = UNITS.d!

/** The longest duration any flag takes unless it says otherwise: about a hundred years. */
export const MAX_DURATION_DAYS = 36_500

/** "90s", "10m", "2h", "7d" → milliseconds, positive and at most `maxDays` days. */
export function parseDuration(text: string, flag: string, maxDays: number = MAX_DURATION_DAYS): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim())
  if (!match) throw new UsageError(`--${flag} must be a duration like 30s, 10m, 2h or 7d (got ${JSON.stringify(text)})`)
  const ms = Number(match[1]) * UNITS[match[2]!]!
  if (ms <= 0) throw new UsageError(`--${flag} must be longer than zero (got ${JSON.stringify(text)})`)
  if (ms > maxDays * DAY) throw new UsageError(`--${flag} must be at most ${maxDays}d (got ${JSON.stringify(text)})`)
  return ms
}

export function parsePositiveInteger(text: string, flag: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--${flag} must be a positive integer (got ${JSON.stringify(text)})`)
  return value
}

/** Checks that `path` is a readable file, before the command writes anything. */
export async function requireReadableFile(path: string): Promise<void> {
  let isFile: boolean
  try {
    isFile = (await stat(path)).isFile()
  } catch (error) {
    throw new UsageError(fileProblem(error, path))
  }
  if (!isFile) throw new UsageError(`cannot read ${JSON.stringify(path)}: not a file`)
}

/** A file's bytes, or a UsageError that says why they could not be read. */
export async function readInputFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    throw new UsageError(fileProblem(error, path))
  }
}

/** One line for a file system failure (no such file, permission denied…). */
export function fileProblem(error: unknown, path: string, verb = 'read'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const why: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    EEXIST: 'it already exists',
    ENOSPC: 'the disk is full',
    EROFS: 'the file system is read-only',
  }
  return `cannot ${verb} ${JSON.stringify(path)}: ${(code && why[code]) ?? (error instanceof Error ? error.message : String(error))}`
}
