// Moving a workspace between storages a user owns: from an S3-compatible server (s3rver) to
// Google Drive (the Drive API test server) to a local folder, every device following, nothing
// lost; the old locations' files then deleted, and a device that was offline through all of it
// catching up through the forwarding notes. Real servers, real sockets, the real adapters.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../scripts/services/drive-mock.ts'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'
import { forwardingPaths } from '../src/format/forwarding-note.ts'
import { parseInviteCode } from '../src/membership/invite-code.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, type TestDevice } from './support/devices.ts'
import { openByUrl } from './support/open-by-url.ts'

const OPTIONS = { attachments: { chunkSize: 32 * 1024 } } // the Drive test server takes bodies up to 100 kB

describe('moving a workspace from S3 to Google Drive to a local folder', () => {
  let s3: RunningS3rver
  let drive: RunningDriveMock
  let dir: string
  let s3Url: string
  let driveUrl: string
  let localUrl: string
  const devices: TestDevice[] = []
  const device = async (home?: string) => {
    const d = await createDevice(openByUrl, OPTIONS, home)
    devices.push(d)
    return d
  }

  beforeAll(async () => {
    ;[s3, drive, dir] = await Promise.all([startS3rver({ bucket: 'move' }), startDriveMock(), mkdtemp(join(tmpdir(), 'clientful-move-'))])
    s3Url = `s3://move/team?endpoint=${encodeURIComponent(s3.endpoint)}&region=us-east-1`
    driveUrl = `gdrive://${await drive.createFolder('team')}?api=${encodeURIComponent(drive.url)}`
    localUrl = pathToFileURL(join(dir, 'local')).href
  })

  afterAll(async () => {
    for (const d of devices) await d.close()
    await Promise.all([s3?.stop(), drive?.stop()])
    await rm(dir, { recursive: true, force: true })
  })

  it('every device follows each move; old invites work while their storage is a location; the offline device catches up after the old files are gone', async () => {
    const alice = await device()
    const bob = await device()
    const carol = await device(join(dir, 'carol'))
    const aliceWs = await alice.client.createWorkspace({ name: 'Movers', storage: s3Url, credentials: s3.credentials })
    const ws = aliceWs.id
    const oldCode = await aliceWs.createInvite({ role: 'writer' })
    const bobWs = await bob.client.join(await aliceWs.createInvite({ role: 'writer' }))
    const carolWs = await carol.client.join(await aliceWs.createInvite({ role: 'writer' }))
    const photo = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256)
    await aliceWs.attach('board', 'photo', photo, { name: 'photo.bin' })
    ;(await bobWs.doc('board')).change((d) => void (d.bob = 'on S3'))
    ;(await carolWs.doc('board')).change((d) => void (d.carol = 'on S3'))
    await syncAll([aliceWs, bobWs, carolWs])

    // Carol goes offline with an edit she never uploaded; her log so far is only in S3.
    ;(await carolWs.doc('board')).change((d) => void (d.carolOffline = 'written offline'))
    await carol.client.close()
    devices.splice(devices.indexOf(carol), 1)

    // Move 1: Drive becomes the primary. Bob follows at his next sync; invites name Drive.
    await aliceWs.setPrimaryStorage(driveUrl, { token: drive.token })
    expect(aliceWs.storageUrls).toEqual([driveUrl, s3Url])
    await aliceWs.sync()
    await bobWs.sync()
    expect(bobWs.storageUrls).toEqual([driveUrl, s3Url])
    expect(parseInviteCode(await aliceWs.createInvite())).toMatchObject({ ok: true, value: { storage: driveUrl } })

    // An invite made before the move still works while S3 is a location: Dave joins through S3 and follows.
    const dave = await device()
    const daveWs = await dave.client.join(oldCode)
    expect(daveWs.config.storage).toBe(s3Url)
    await daveWs.sync()
    await daveWs.sync() // the first sync learns the locations, the second syncs them all
    expect(daveWs.storageUrls).toEqual([driveUrl, s3Url])
    ;(await daveWs.doc('board')).change((d) => void (d.dave = 'joined with an old code'))
    ;(await bobWs.doc('board')).change((d) => void (d.bob2 = 'on Drive'))
    await syncAll([daveWs, bobWs, aliceWs])

    // Move 2: a local folder becomes the primary (Bob does it: any writer may), then S3 and
    // Drive are removed and their files deleted.
    await bobWs.setPrimaryStorage(localUrl)
    await bobWs.sync()
    await aliceWs.sync()
    expect(aliceWs.config.storage).toBe(localUrl)
    await aliceWs.removeStorage(s3Url, { deleteFiles: true })
    await aliceWs.removeStorage(driveUrl, { deleteFiles: true })
    await syncAll([aliceWs, bobWs, daveWs])
    for (const w of [aliceWs, bobWs, daveWs]) expect(w.storageUrls).toEqual([localUrl])

    // The old locations hold nothing of the workspace but a forwarding note.
    for (const url of [s3Url, driveUrl]) {
      const left = await (await openByUrl(url, url === s3Url ? s3.credentials : { token: drive.token })).list(`${ws}/`)
      expect(left).toEqual([forwardingPaths.note(ws, aliceWs.deviceId)])
    }

    // Carol comes back knowing only S3: she follows the notes to the local folder, gets
    // everything, and her offline edit reaches everyone.
    const carolAgain = await device(join(dir, 'carol'))
    const carolBack = await carolAgain.client.workspace(ws)
    expect(carolBack.storageUrls).toEqual([s3Url])
    const report = await carolBack.sync()
    expect(report.rejected).toEqual([])
    expect(carolBack.storageUrls).toEqual([localUrl])
    expect(carolBack.status.storages.map((s) => [s.url, s.state])).toEqual([[localUrl, 'ok']])
    await syncAll([aliceWs, bobWs, daveWs, carolBack])

    const expected = { photo: expect.objectContaining({ $attachment: 1 }), bob: 'on S3', carol: 'on S3', carolOffline: 'written offline', dave: 'joined with an old code', bob2: 'on Drive' }
    for (const w of [aliceWs, bobWs, daveWs, carolBack]) expect((await w.exportJson()).board).toEqual(expected)

    // Nothing lost: a new device joining now reads every document and the attachment from the local folder alone.
    const erin = await device()
    const erinWs = await erin.client.join(await aliceWs.createInvite())
    expect(erinWs.config.storage).toBe(localUrl)
    expect((await erinWs.sync()).rejected).toEqual([])
    const board = (await erinWs.exportJson()).board as Record<string, unknown>
    expect(board).toEqual(expected)
    expect(await erinWs.attachments.bytes(board.photo as never)).toEqual(photo)
  })
})

async function syncAll(workspaces: readonly Workspace[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const w of workspaces) await w.sync()
}
