// Diagnostic reports (ws.diagnostics(), which `clientful diagnose` prints) say what support
// needs and nothing secret: the report of a real two-device workspace is scanned for every
// secret the devices hold — key seeds and epoch secrets from both homes' key files, the invite
// code, shared storage credentials, the workspace's name, document names and content.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { DiagnosticReport } from '../src/diagnostics/diagnostic-report.ts'
import { openFileUrl } from '@clientful/storage-local'
import { createDevice, type TestDevice } from './support/devices.ts'
import packageJson from '../package.json' with { type: 'json' }
import { CLIENTFUL_VERSION } from '../src/version.ts'
import { redactStorageUrl } from '../src/diagnostics/redact.ts'

const marker = (label: string): string => `${label}-${randomBytes(9).toString('base64url')}`

/** A secret as text, plus the other encodings its bytes could take in JSON (hex, base64, base64url). */
function forms(secret: string): string[] {
  const out = new Set([secret])
  for (const bytes of [/^[0-9a-f]+$/i.test(secret) && secret.length % 2 === 0 ? Buffer.from(secret, 'hex') : undefined, /^[A-Za-z0-9_-]+$/.test(secret) ? Buffer.from(secret, 'base64url') : undefined]) {
    if (!bytes || bytes.length < 16) continue
    out.add(bytes.toString('hex'))
    out.add(bytes.toString('base64'))
    out.add(bytes.toString('base64url'))
  }
  return [...out]
}

/** Every string in a key file: seeds of the device, box and user keys, and each epoch secret. */
async function keyFileSecrets(home: string): Promise<string[]> {
  const file = JSON.parse(await readFile(join(home, 'keys.json'), 'utf8')) as { pairs: Record<string, { seed: string }>; secrets: Record<string, string> }
  return [...Object.values(file.pairs).map((p) => p.seed), ...Object.values(file.secrets)]
}

function leaks(report: unknown, secrets: readonly string[]): string[] {
  const text = JSON.stringify(report)
  return secrets.flatMap((secret) => forms(secret).filter((form) => text.includes(form)).map((form) => `${secret.slice(0, 6)}… (as ${form.slice(0, 6)}…)`))
}

describe('diagnostic reports', () => {
  let root: string
  let storageUrl: string
  let alice: TestDevice
  let bob: TestDevice
  const secrets: string[] = []
  let fromApi: DiagnosticReport
  let workspaceId: string

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-diagnostics-'))
    storageUrl = pathToFileURL(join(root, 'storage')).href
    // Homes inside `root`, kept after the clients close: their key files are read afterwards.
    alice = await createDevice(openFileUrl, {}, join(root, 'alice'))
    bob = await createDevice(openFileUrl, {}, join(root, 'bob'))
    const name = marker('Workspace name')
    const credentials = { accessKeyId: marker('AKIA'), secretAccessKey: marker('secret-access-key'), sessionToken: marker('session-token') }
    const wsA = await alice.client.createWorkspace({ name, storage: storageUrl, credentials })
    const code = await wsA.createInvite({ role: 'writer' })
    const wsB = await bob.client.join(code)
    workspaceId = wsA.id

    const docName = marker('document name')
    const title = marker('Task title')
    const notes = marker('private notes')
    ;(await wsA.doc<Record<string, unknown>>(docName)).change((d) => void (d.t1 = { title, notes }))
    await wsA.sync()
    await wsB.sync()
    ;(await wsB.doc<Record<string, unknown>>(docName)).change((d) => void (d.t2 = { title: marker('Second title') }))
    await wsB.sync()
    await wsA.sync()
    ;(await wsA.doc<Record<string, unknown>>(docName)).change((d) => void (d.t3 = { title: marker('Unsent title') }))
    fromApi = await wsA.diagnostics()

    const bobsDoc = (await wsB.doc<Record<string, { title: string }>>(docName)).doc()
    secrets.push(name, code, ...Object.values(credentials), docName, title, notes, bobsDoc.t2!.title)
    secrets.push(...(await keyFileSecrets(alice.home)), ...(await keyFileSecrets(bob.home)))
    await alice.close()
    await bob.close()
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('hold ids, sequence numbers, heads, membership and statuses', () => {
    expect(fromApi.ids.workspace).toBe(workspaceId)
    expect(fromApi.versions.clientful).toBe(CLIENTFUL_VERSION)
    expect(fromApi.role).toBe('admin')
    expect(fromApi.outbox.lastSeq).toBeGreaterThan(0)
    expect(fromApi.outbox.unsealedDocuments).toBeGreaterThan(0)
    expect(fromApi.progress.some((p) => p.highWater > 0)).toBe(true)
    expect(fromApi.documents.some((d) => d.heads.length > 0)).toBe(true)
    expect(fromApi.membership.members).toHaveLength(2)
    expect(fromApi.membership.log.map((e) => e.type)).toEqual(expect.arrayContaining(['invite', 'join']))
    expect(fromApi.storages).toEqual([expect.objectContaining({ state: 'ok', url: redactStorageUrl(storageUrl) })])
    expect(fromApi.storages[0]!.ownLogHead).toBeGreaterThan(0)
  })

  it('contain no key, credential, invite code, name or document content (API)', () => {
    expect(secrets.length).toBeGreaterThan(12)
    expect(leaks(fromApi, secrets)).toEqual([])
  })

  it('hides query values of storage URLs that are not locations', () => {
    expect(redactStorageUrl('s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=eu-west-1&token=abc')).toBe(
      's3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=eu-west-1&token=…',
    )
    expect(redactStorageUrl('https://user:password@example.com/path')).toBe('https://example.com/path')
  })

  it('names the version package.json has', () => {
    expect(CLIENTFUL_VERSION).toBe(packageJson.version)
  })
})
