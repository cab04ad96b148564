// clientful diagnose prints the workspace's diagnostic report and holds back what the report
// does: no key seed or epoch secret of the home, invite code, workspace or document name, or
// content. (The report itself, scanned in every encoding: framework/test/diagnostics.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { DiagnosticReport } from 'clientful'
import { ok } from './support/cli.ts'

interface KeyFile {
  readonly pairs: Record<string, { seed: string }>
  readonly secrets: Record<string, string>
}

describe('clientful diagnose', () => {
  let root: string
  let home: string
  let ws: string
  const secrets: string[] = []

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-diagnose-'))
    home = join(root, 'home')
    const [name, doc, content] = [`Crew ${randomUUID()}`, `notes-${randomUUID()}`, `pump ${randomUUID()}`]
    ws = (await ok(['workspace', 'create', '--home', home, '--name', name, '--storage', pathToFileURL(join(root, 'storage')).href])).last
    await ok(['put', '--home', home, '--workspace', ws, '--doc', doc, 'task', JSON.stringify(content)])
    await ok(['sync', '--home', home, '--workspace', ws])
    const code = (await ok(['invite', '--home', home, '--workspace', ws])).last
    const keys = JSON.parse(await readFile(join(home, 'keys.json'), 'utf8')) as KeyFile
    secrets.push(name, doc, content, code, ...Object.values(keys.pairs).map((p) => p.seed), ...Object.values(keys.secrets))
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('prints the report as JSON, with nothing secret in it', async () => {
    const printed = (await ok(['diagnose', '--home', home, '--workspace', ws])).stdout
    const report = JSON.parse(printed) as DiagnosticReport
    expect(report.format).toBe('clientful/diagnostics')
    expect(report.ids.workspace).toBe(ws)
    expect(report.outbox.lastSeq).toBeGreaterThan(0)
    expect(secrets.length).toBeGreaterThan(6)
    expect(secrets.filter((secret) => printed.includes(secret))).toEqual([])
  })

  it('--out writes it to a file only its owner reads', async () => {
    const out = join(root, 'report.json')
    await ok(['diagnose', '--home', home, '--workspace', ws, '--out', out])
    expect((JSON.parse(await readFile(out, 'utf8')) as DiagnosticReport).ids.workspace).toBe(ws)
    expect((await stat(out)).mode & 0o777).toBe(0o600)
  })
})
