// Short invite links: 35 characters (plus the storage when the app cannot supply it), the rest
// in a card in storage sealed under the link's secret and bound to the workspace the link names; a preview names the workspace and the
// inviter before anything is written, and says why an invite no longer works.

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { encodeShortInvite, isShortInvite, parseShortInvite } from '../src/invites/short-invite.ts'
import { previewInvite } from '../src/invites/preview-invite.ts'
import { setProfile } from '../src/profiles/profiles.ts'
import { utf8Decode } from '../src/util/bytes.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

const WORKSPACE = '0123456789abcdef0123456789abcdef'
// Long enough that no base64url ciphertext contains it by chance (a 2-letter key did, about one run in three).
const SECRET_KEY = 'wJalrXUtnFEMI-invite-example-secret'

describe('short invite links', () => {
  const devices: TestDevice[] = []
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close()
  })

  it('encodes a secret and the workspace in 35 characters with a checksum, and the storage when asked', () => {
    const secret = new Uint8Array(16).map((_, i) => i * 7)
    const code = encodeShortInvite(secret, WORKSPACE)
    expect(code).toMatch(/^[A-Za-z0-9_-]{35}$/)
    expect(isShortInvite(`https://app.example/board/#/j/${code}`)).toBe(true)
    expect(parseShortInvite(`https://app.example/board/#/j/${code}`)).toEqual({ ok: true, value: { linkSecret: secret, workspacePrefix: WORKSPACE.slice(0, 16), storage: undefined } })
    const withStorage = encodeShortInvite(secret, WORKSPACE, 's3://team/board?region=eu-west-1')
    expect(parseShortInvite(withStorage)).toMatchObject({ ok: true, value: { storage: 's3://team/board?region=eu-west-1' } })
    const typo = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6)
    expect(parseShortInvite(typo)).toMatchObject({ ok: false })
    expect(parseShortInvite(withStorage.slice(0, -6))).toMatchObject({ ok: false, detail: expect.stringContaining('checksum') })
  })

  it('a person previews, then joins, from the link alone, with the storage access it brings', async () => {
    const storage = createMemoryStorage('memory://short')
    const open = storageRegistry({ 'memory://short': storage })
    const ana = await createDevice(open)
    const bob = await createDevice(open)
    devices.push(ana, bob)
    const ws = (await ana.client.createWorkspace({ name: 'Culvert crew', storage: 'memory://short' })) as Workspace
    await setProfile(ws, { name: 'Ana Lima' })
    const link = await ws.createInvite({ role: 'writer', short: true, storageAccess: { accessKeyId: 'AKIAINVITEEXAMPLE', secretAccessKey: SECRET_KEY } })
    const [code] = link.split('.')
    expect(code).toMatch(/^[A-Za-z0-9_-]{35}$/)

    // Nothing in storage says who, what or which keys in the clear.
    for (const path of await storage.list('invites/')) {
      const text = utf8Decode((await storage.read(path))!)
      for (const secret of ['Ana Lima', 'Culvert crew', 'AKIAINVITEEXAMPLE', SECRET_KEY, 'writer']) expect(text).not.toContain(secret)
    }

    const seen: (string | undefined)[] = []
    const opener = async (url: string, credentials?: Record<string, string>) => {
      seen.push(credentials?.['secretAccessKey'])
      return open(url)
    }
    const preview = await previewInvite(`https://app.example/#/j/${code}`, { openStorage: opener, storage: 'memory://short' })
    expect(preview).toMatchObject({ ok: true, value: { workspace: { name: 'Culvert crew' }, inviter: { name: 'Ana Lima', userId: ana.client.userId }, role: 'writer', storageAccess: true } })
    expect(seen).toContain(SECRET_KEY)
    if (!preview.ok) return
    const joined = await bob.client.join(preview.value.code)
    expect(joined.name).toBe('Culvert crew')
    expect(joined.role).toBe('writer')

    // A link that names its storage joins without the app's help; a revoked one says so.
    const second = await ws.createInvite({ short: true })
    await ws.revokeInvite((await previewInvite(second, { openStorage: open }).then((p) => (p.ok ? p.value.code : '')))!)
    await ws.sync() // the revocation reaches storage
    expect(await previewInvite(second, { openStorage: open })).toMatchObject({ ok: false, reason: 'revoked' })
    expect(await previewInvite('#/j/' + encodeShortInvite(new Uint8Array(16), ws.id), { openStorage: open, storage: 'memory://short' })).toMatchObject({ ok: false, reason: 'invalid' })
  })
})
