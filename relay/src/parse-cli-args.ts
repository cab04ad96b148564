// Command-line flags and environment variables → RelayOptions. A flag wins over its
// variable; every value is checked against its kind, and a bad one is a CliUsageError whose
// message is one line naming the flag or variable it came from (never echoing a secret).

import { parseArgs } from 'node:util'
import { DEFAULT_PORT, type RelayOptions } from './options.ts'
import { parseValue, SECRET_KINDS, SETTINGS, type LogLevel, type Setting, type SettingKey } from './cli-options.ts'

export type CliCommand =
  | { kind: 'help' }
  | {
      kind: 'run'
      options: RelayOptions
      logLevel: LogLevel
      /** Where each option came from (a flag or a variable), to name it in later errors. */
      sources: Partial<Record<SettingKey, string>>
    }

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

type Env = Readonly<Record<string, string | undefined>>

export function parseCliArgs(argv: readonly string[], env: Env = {}): CliCommand {
  const flagOptions = Object.fromEntries(
    SETTINGS.flatMap((s) => [s.flag, ...(s.aliasFlag ? [s.aliasFlag] : [])]).map((flag) => [flag, { type: 'string' as const }]),
  )
  let values: Readonly<Record<string, unknown>>
  try {
    values = parseArgs({ args: [...argv], options: { ...flagOptions, help: { type: 'boolean' } }, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.help === true) return { kind: 'help' }

  const options: Record<string, string | number> = {}
  const sources: Partial<Record<SettingKey, string>> = {}
  for (const setting of SETTINGS) {
    const found = rawValueOf(setting, values, env)
    if (!found) continue
    const parsed = parseValue(setting.kind, found.raw)
    if (!parsed.ok) {
      const got = SECRET_KINDS.has(setting.kind) ? '' : `, got "${found.raw}"`
      throw new CliUsageError(`${found.source} must be ${parsed.expected}${got}`)
    }
    options[setting.key] = parsed.value
    sources[setting.key] = found.source
  }
  const { logLevel = 'info', ...relayOptions } = options
  return { kind: 'run', options: relayOptions as RelayOptions, logLevel: logLevel as LogLevel, sources }
}

function rawValueOf(setting: Setting, flags: Readonly<Record<string, unknown>>, env: Env): { raw: string; source: string } | undefined {
  for (const flag of [setting.flag, setting.aliasFlag]) {
    const value = flag === undefined ? undefined : flags[flag]
    if (typeof value === 'string') return { raw: value, source: `--${flag}` }
  }
  for (const name of [setting.env, setting.legacyEnv]) {
    const value = name === undefined ? undefined : env[name]
    if (value !== undefined && value !== '') return { raw: value, source: name! }
  }
  return undefined
}

export const USAGE = `Usage: clientful-relay [options]

Each option is also read from its environment variable; a flag wins over the variable.

${SETTINGS.map((s) => `  --${s.flag} ${s.kind === 'text' || s.kind === 'redis-url' || s.kind === 'log-level' ? 'VALUE' : 'N'}`.padEnd(36) + `${s.env}\n      ${s.help}`).join('\n')}
  --help                            show this text

PORT, HOST and REDIS_URL are read when the CLIENTFUL_RELAY_ variables are absent.
Default port: ${DEFAULT_PORT}. SIGTERM or SIGINT drains: clients are told to reconnect
elsewhere (close code 1012) over --drain-ms, then the process exits 0.`
