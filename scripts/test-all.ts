// `npm test`: every suite the project has — type check, the Node suites (vitest: framework,
// adapters, relay, CLI; they start their own s3rver, relay and Redis on free ports), the
// packages as published (packaging/: built, packed, installed from the tarballs outside the
// repository, imported in Node, Vite and TypeScript; an app scaffolded by create-clientful-app
// passing its own test) and the Playwright suite against the built app — then one plain line:
// `N passed, N failed`. Everything but the last two runs from sources, with no build.

import { spawn } from 'node:child_process'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { resolve } from 'node:path'

interface SuiteResult {
  readonly name: string
  readonly passed: number
  readonly failed: number
  readonly note?: string
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } })
    child.on('close', (code) => resolve(code ?? 1))
    child.on('error', () => resolve(127))
  })
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T
  } catch {
    return undefined
  }
}

async function typecheck(): Promise<SuiteResult> {
  const code = await run('npm', ['run', 'typecheck'])
  // The API reference builds from the same types (TypeDoc, warnings are errors: broken links too).
  const docs = await run('npm', ['run', 'docs'])
  const passed = Number(code === 0) + Number(docs === 0)
  return { name: 'typecheck, API reference', passed, failed: 2 - passed }
}

async function nodeSuites(): Promise<SuiteResult> {
  const out = '.tmp/vitest-results.json'
  await rm(out, { force: true })
  const code = await run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`])
  const json = await readJson<{ numPassedTests: number; numFailedTests: number; numFailedTestSuites: number }>(out)
  if (!json) return { name: 'node (vitest)', passed: 0, failed: 1, note: `no results (exit ${code})` }
  // A suite that fails to load has no failed tests of its own: count it once.
  const failed = json.numFailedTests + (json.numFailedTests === 0 && code !== 0 ? Math.max(1, json.numFailedTestSuites) : 0)
  return { name: 'node (vitest)', passed: json.numPassedTests, failed }
}

/** Builds and packs the packages itself (packaging/global-setup.ts). */
async function packagesSuite(): Promise<SuiteResult> {
  const out = resolve('.tmp/packages-results.json') // the config's root is packaging/
  await rm(out, { force: true })
  const code = await run('npx', ['vitest', 'run', '-c', 'packaging/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`])
  const json = await readJson<{ numPassedTests: number; numFailedTests: number; numFailedTestSuites: number }>(out)
  if (!json) return { name: 'packages (vitest)', passed: 0, failed: 1, note: `no results (exit ${code})` }
  const failed = json.numFailedTests + (json.numFailedTests === 0 && code !== 0 ? Math.max(1, json.numFailedTestSuites) : 0)
  return { name: 'packages (vitest)', passed: json.numPassedTests, failed }
}

async function browserSuite(): Promise<SuiteResult> {
  const out = 'e2e/results.json'
  await rm(out, { force: true })
  const code = await run('npm', ['run', 'test:e2e'])
  const json = await readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(out)
  if (!json) return { name: 'browser (playwright)', passed: 0, failed: 1, note: `no results (exit ${code})` }
  const { expected, unexpected, flaky } = json.stats
  return { name: 'browser (playwright)', passed: expected, failed: unexpected + flaky }
}

await mkdir('.tmp', { recursive: true })
const only = process.argv[2]
const suites = { typecheck, node: nodeSuites, packages: packagesSuite, browser: browserSuite } as const
const chosen = only ? [suites[only as keyof typeof suites]].filter(Boolean) : Object.values(suites)
if (chosen.length === 0) {
  console.error(`unknown suite ${only}: use ${Object.keys(suites).join(', ')}`)
  process.exit(2)
}
const results: SuiteResult[] = []
for (const suite of chosen) results.push(await suite())

console.log('\nsuites:')
for (const r of results) console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`)
const passed = results.reduce((sum, r) => sum + r.passed, 0)
const failed = results.reduce((sum, r) => sum + r.failed, 0)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
