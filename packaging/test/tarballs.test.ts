// The published packages, from their tarballs, in a project outside the repository: what they
// ship (built JavaScript, declarations, a README; no TypeScript sources), every entry point
// imported in Node, bundled by Vite and run in Chromium, and type-checked; the bins run.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createConsumer } from '../consumer.ts'
import { ENTRY_POINTS } from '../entry-points.ts'
import { ok, REPO, run } from '../pack.ts'
import { PACKAGE_DIRS } from '../../scripts/packages.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const TSC = join(REPO, 'node_modules/typescript/bin/tsc')

describe('published packages', () => {
  const packed = inject('packed')
  let consumer: string

  beforeAll(async () => {
    consumer = await createConsumer(packed, ['react', 'react-dom', '@playwright/test', 's3rver', 'vite', 'vite-plugin-wasm', '@types/node', '@types/react'])
  })
  afterAll(() => rm(consumer, { recursive: true, force: true }))

  it('ship built JavaScript, declarations, a README and a licence field; no sources, no tsx', async () => {
    expect(packed.map((p) => p.name).sort()).toHaveLength(PACKAGE_DIRS.length)
    for (const p of packed) {
      expect(p.files, p.name).toContain('README.md')
      expect(p.files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('template/')), p.name).toEqual([])
      expect(p.files.some((f) => f.startsWith('src/')), p.name).toBe(false)
      const manifest = JSON.parse(await readFile(join(consumer, 'node_modules', p.name, 'package.json'), 'utf8')) as Record<string, unknown>
      expect(manifest.license, p.name).toBe('MIT')
      expect(JSON.stringify(manifest.dependencies ?? {}), p.name).not.toContain('tsx')
    }
  })

  it('declare no internals: what the engine modules share is not in the published types', async () => {
    const declared = await readFile(join(consumer, 'node_modules/clientful/dist/workspace/workspace.d.ts'), 'utf8')
    expect(declared).toMatch(/class Workspace\b/)
    expect(declared).not.toMatch(/\bparts\b|updateStatus|membershipChanged|MembershipState/)
    const handle = await readFile(join(consumer, 'node_modules/clientful/dist/docs/doc-handle.d.ts'), 'utf8')
    expect(handle).toMatch(/class DocHandle\b/)
    expect(handle).not.toMatch(/applyVerified|applyFromTab|mergeSaved/)
    // Apps read membership through MembershipView; the engine's fold state is not exported by name.
    const index = await readFile(join(consumer, 'node_modules/clientful/dist/index.d.ts'), 'utf8')
    expect(index).toMatch(/\bMembershipView\b/)
    expect(index).not.toMatch(/\bMembershipState\b|\bMemberInfo\b/)
    const api = await readFile(join(consumer, 'node_modules/clientful/dist/api/workspace-api.d.ts'), 'utf8')
    expect(api).toMatch(/membership: MembershipView/)
    expect(api).not.toMatch(/MembershipState/)
  })

  it('name every export in the entry-point list, and each export resolves to a shipped file', async () => {
    const listed = new Set(ENTRY_POINTS.map((e) => e.specifier))
    for (const p of packed) {
      const manifest = JSON.parse(await readFile(join(consumer, 'node_modules', p.name, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> }
      for (const [subpath, target] of Object.entries(manifest.exports)) {
        if (subpath === './package.json') continue
        expect(listed, `${p.name} exports ${subpath}`).toContain(subpath === '.' ? p.name : `${p.name}/${subpath.slice(2)}`)
        const { types, default: js } = target as Record<string, string>
        expect(p.files, `${p.name} ${subpath} types`).toContain(types!.slice(2))
        expect(p.files, `${p.name} ${subpath} default`).toContain(js!.slice(2))
      }
    }
  })

  it('import in Node, every entry point with the names it promises', async () => {
    const script = `
      const entries = ${JSON.stringify(ENTRY_POINTS)}
      const missing = []
      for (const { specifier, names } of entries) {
        const module = await import(specifier)
        for (const name of names) if (module[name] === undefined) missing.push(specifier + ' ' + name)
      }
      console.log(JSON.stringify(missing))`
    await writeFile(join(consumer, 'node-entries.mjs'), script)
    const { stdout } = await ok(process.execPath, ['node-entries.mjs'], { cwd: consumer })
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([])
  })

  it('run their commands: the clientful CLI (@clientful/cli, with its adapters), the relay, the scaffolder', async () => {
    const bin = (name: string): string => join(consumer, 'node_modules/.bin', name)
    const home = join(consumer, 'home')
    const storage = `file://${join(consumer, 'storage')}`
    const device = (await ok(bin('clientful'), ['init', '--home', home], { cwd: consumer })).stdout.trim()
    expect(device).toMatch(/^[0-9a-f]{64}$/)
    const ws = (await ok(bin('clientful'), ['workspace', 'create', '--home', home, '--name', 'Packed', '--storage', storage], { cwd: consumer })).stdout.trim().split('\n').at(-1)!
    await ok(bin('clientful'), ['put', '--home', home, '--workspace', ws, '--doc', 'tasks', 'a', '"b"'], { cwd: consumer })
    await ok(bin('clientful'), ['sync', '--home', home, '--workspace', ws], { cwd: consumer })
    const report = JSON.parse((await ok(bin('clientful'), ['diagnose', '--home', home, '--workspace', ws], { cwd: consumer })).stdout) as { ids: { workspace: string } }
    expect(report.ids.workspace).toBe(ws)
    expect((await ok(bin('clientful-relay'), ['--help'], { cwd: consumer })).stdout).toMatch(/clientful-relay/)
    expect((await run(bin('create-clientful-app'), [], { cwd: consumer })).code).toBe(2)
  })

  it('bundle with Vite and run in Chromium: every browser entry point', async () => {
    const web = join(consumer, 'web')
    await mkdir(web, { recursive: true })
    const browserEntries = ENTRY_POINTS.filter((e) => e.browser)
    await writeFile(join(web, 'index.html'), '<!doctype html><html><head><script type="module" src="./main.js"></script></head><body></body></html>')
    await writeFile(
      join(web, 'main.js'),
      [
        ...browserEntries.map((e, i) => `import * as m${i} from '${e.specifier}'`),
        `const modules = [${browserEntries.map((_, i) => `m${i}`).join(', ')}]`,
        `const names = ${JSON.stringify(browserEntries.map((e) => e.names))}`,
        `const missing = names.flatMap((list, i) => list.filter((name) => modules[i][name] === undefined))`,
        `document.title = missing.length === 0 ? 'entries ok' : 'missing ' + missing.join(',')`,
      ].join('\n'),
    )
    const script = `
      import { build } from 'vite'
      import wasm from 'vite-plugin-wasm'
      import { chromium } from '@playwright/test'
      import { startStaticServer } from 'clientful/testing/node'
      const root = new URL('./web/', import.meta.url).pathname
      await build({ root, base: './', logLevel: 'warn', plugins: [wasm()], build: { outDir: root + 'dist', target: 'es2022', chunkSizeWarningLimit: 8192 } })
      const server = await startStaticServer({ root: root + 'dist' })
      const browser = await chromium.launch({ executablePath: ${JSON.stringify(CHROMIUM)}, args: ['--no-sandbox', '--disable-gpu'] })
      try {
        const page = await browser.newPage()
        const errors = []
        page.on('pageerror', (error) => errors.push(String(error)))
        await page.goto(server.url)
        await page.waitForFunction(() => document.title !== '', undefined, { timeout: 30000 })
        console.log(JSON.stringify({ title: await page.title(), errors }))
      } finally {
        await browser.close()
        await server.close()
      }`
    await writeFile(join(consumer, 'vite-entries.mjs'), script)
    const { stdout } = await ok(process.execPath, ['vite-entries.mjs'], { cwd: consumer })
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ title: 'entries ok', errors: [] })
  })

  it('type-check from their declarations, with bundler and with Node module resolution', async () => {
    const lines = ENTRY_POINTS.map((e, i) => `import * as m${i} from '${e.specifier}'`)
    const uses = ENTRY_POINTS.map((e, i) => `export const u${i} = [${e.names.map((n) => `m${i}.${n}`).join(', ')}]`)
    const typed = [
      `import type { ClientApi, WorkspaceApi, WorkspaceStatus, DiagnosticReport, RepoHandle, MembershipView } from 'clientful'`,
      `import type { MembershipSummary } from 'clientful/react'`,
      `export async function report(ws: WorkspaceApi, client: ClientApi): Promise<[DiagnosticReport, WorkspaceStatus, string]> { return [await ws.diagnostics(), ws.status, client.deviceId] }`,
      `export type Checked = [RepoHandle<{ text: string }>, MembershipSummary]`,
      `export const members = (ws: WorkspaceApi): MembershipView['members'] => ws.membership.members`,
    ]
    await writeFile(join(consumer, 'types-check.ts'), [...lines, ...typed, ...uses].join('\n') + '\n')
    for (const [module, resolution] of [
      ['ESNext', 'Bundler'],
      ['NodeNext', 'NodeNext'],
    ] as const) {
      const config = {
        compilerOptions: { target: 'ES2022', module, moduleResolution: resolution, strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2023', 'DOM', 'DOM.Iterable', 'ESNext.Disposable'], types: ['node'], jsx: 'react-jsx' },
        files: ['types-check.ts'],
      }
      await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify(config))
      const { stdout } = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: consumer })
      // Only our files count: third-party declarations have their own opinions on strictness.
      const ours = stdout.split('\n').filter((line) => /^(types-check\.ts|node_modules\/(clientful|@clientful|create-clientful-app)\/)/.test(line))
      expect(ours, `${resolution} resolution`).toEqual([])
    }
  })
})
