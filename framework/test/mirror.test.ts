// The blind mirror: a third device reads through a mirror of the bucket into a local folder,
// the mirror holds no keys, and re-running copies nothing new.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalFolderStorage } from '@clientful/storage-local'
import { createS3Storage } from '@clientful/storage-s3'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'
import { mirrorOnce } from '../src/mirror/mirror.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import { createDevice, type TestDevice } from './support/devices.ts'

type Tasks = Record<string, string>

describe('blind mirror', () => {
  let root: string
  let s3: RunningS3rver
  let bucket: UserStorage
  let office: UserStorage
  const devices: TestDevice[] = []
  const S3_URL = 's3://mirror-bucket/team'

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-mirror-'))
    s3 = await startS3rver({ bucket: 'mirror-bucket' })
    bucket = createS3Storage({ bucket: 'mirror-bucket', prefix: 'team', endpoint: s3.endpoint, region: 'us-east-1', credentials: s3.credentials })
    office = createLocalFolderStorage(join(root, 'office'))
  })
  afterAll(async () => {
    for (const d of devices) await d.close()
    await s3.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('a device pointed at the mirror sees the same data, and the mirror catches the cloud up', async () => {
    const cloud = await createDevice(async () => bucket)
    // The field device reaches only the office folder: whatever URL it is given, the mirror answers.
    const field = await createDevice(async () => office)
    devices.push(cloud, field)
    const ws = await cloud.client.createWorkspace({ name: 'Office', storage: S3_URL })
    const code = await ws.createInvite()
    ;(await ws.doc<Tasks>('tasks')).change((d) => void (d.a = 'from the cloud'))
    await ws.sync()

    const first = await mirrorOnce(bucket, office)
    expect(first.copied).toBeGreaterThan(3)
    expect((await mirrorOnce(bucket, office)).copied).toBe(0)

    const fieldWs = await field.client.join(code)
    await fieldWs.sync()
    expect(A.toJS((await fieldWs.doc<Tasks>('tasks')).doc())).toEqual({ a: 'from the cloud' })

    // Offline office: the field device writes to the mirror; the mirror carries it back.
    ;(await fieldWs.doc<Tasks>('tasks')).change((d) => void (d.b = 'from the office'))
    await fieldWs.sync()
    // The field device's join entry and envelopes exist only in the office until the mirror runs.
    const back = await mirrorOnce(office, bucket)
    expect(back.copied + back.updated).toBeGreaterThan(0)
    await ws.sync()
    expect(A.toJS((await ws.doc<Tasks>('tasks')).doc())).toEqual({ a: 'from the cloud', b: 'from the office' })
  })
})
