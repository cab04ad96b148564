// The published packages as npm would ship them: `npm pack` of each into a folder, and an
// install into a project outside the repository from those tarballs (third-party dependencies
// from the npm registry, or its cache when it holds them).

import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { PACKAGE_DIRS } from '../scripts/packages.ts'

export const REPO = resolve(import.meta.dirname, '..')

export interface PackedPackage {
  readonly name: string
  readonly version: string
  readonly tarball: string
  /** Bytes of the .tgz, and of its files unpacked. */
  readonly size: number
  readonly unpackedSize: number
  readonly files: readonly string[]
}

export interface CommandResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command to its end; never throws for a non-zero exit (the caller decides). */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env }, timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    )
  })
}

export async function ok(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  const result = await run(command, args, options)
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`)
  return result
}

/** `npm pack` of every published package into `destination` (their dist/ must be built). */
export async function packPackages(destination: string): Promise<Map<string, PackedPackage>> {
  const { stdout } = await ok('npm', ['pack', '--json', '--pack-destination', destination, ...PACKAGE_DIRS.map((dir) => `./${dir}`)], { cwd: REPO })
  const packed = JSON.parse(stdout) as { name: string; version: string; filename: string; size: number; unpackedSize: number; files: { path: string }[] }[]
  return new Map(
    packed.map((p) => [
      p.name,
      { name: p.name, version: p.version, tarball: resolve(destination, p.filename), size: p.size, unpackedSize: p.unpackedSize, files: p.files.map((f) => f.path) },
    ]),
  )
}

/** Installs tarballs (and registry packages) into `project`, preferring npm's cache. */
export async function installInto(project: string, specs: readonly string[]): Promise<void> {
  await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: project, timeoutMs: 600_000 })
}
