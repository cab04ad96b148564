import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UserStorage } from 'clientful/storage'
import { storageConformanceCases } from 'clientful/testing'
import { startS3rver, type RunningS3rver } from '../../../scripts/services/s3rver.ts'
import { createS3Storage, openS3Url } from '../src/index.ts'

let s3rver: RunningS3rver
beforeAll(async () => {
  s3rver = await startS3rver()
})
afterAll(() => s3rver.stop())

const storageAt = (prefix: string): UserStorage =>
  createS3Storage({ bucket: s3rver.bucket, prefix, endpoint: s3rver.endpoint, region: 'us-east-1', credentials: s3rver.credentials })

// s3rver writes an object in place (createWriteStream over the old file), so a reader racing
// an overwrite really does get a torn file from it. Real S3, R2 and MinIO replace objects
// atomically; this is a gap in the test double, not in the adapter.
const S3RVER_GAPS = new Set(['concurrent readers see the old or the new file whole, never a torn one'])

describe('S3 storage conformance (s3rver, under a prefix)', () => {
  const cases = storageConformanceCases()
  it('skips only cases that exist', () => {
    for (const name of S3RVER_GAPS) expect(cases.map((c) => c.name)).toContain(name)
  })
  for (const conformanceCase of cases) {
    // Under a two-level prefix, so every case also checks that the prefix is added and stripped.
    it.skipIf(S3RVER_GAPS.has(conformanceCase.name))(conformanceCase.name, () =>
      conformanceCase.run(storageAt('/users/alice/')),
    )
  }
})

describe('S3 storage roots', () => {
  it('names its location s3://bucket/prefix, without endpoint or credentials', () => {
    expect(storageAt('/users/alice/').location).toBe(`s3://${s3rver.bucket}/users/alice`)
    expect(storageAt('').location).toBe(`s3://${s3rver.bucket}`)
  })

  it('works at the bucket root and keeps prefixed roots apart', async () => {
    const [bucketRoot, bob] = [storageAt(''), storageAt('users/bob')]
    await bob.write('x/1.json', new Uint8Array([1]))
    expect(await bucketRoot.read('users/bob/x/1.json')).toEqual(new Uint8Array([1]))
    expect(await bucketRoot.list('users/bob/')).toEqual(['users/bob/x/1.json'])
    expect(await storageAt('users/bo').list('')).toEqual([]) // "users/bo/" is not a prefix of "users/bob/"
  })

  it('opens the same files through an s3:// URL', async () => {
    const url = `s3://${s3rver.bucket}/users/carol?endpoint=${s3rver.endpoint}&region=us-east-1`
    const storage = await openS3Url(url, s3rver.credentials)
    await storage.write('a.json', new Uint8Array([9]))
    expect(storage.location).toBe(`s3://${s3rver.bucket}/users/carol`)
    expect(await storageAt('users/carol').read('a.json')).toEqual(new Uint8Array([9]))
  })

  it('ignores console-made "folder" placeholder keys when listing', async () => {
    await storageAt('').write('users/dave/', new Uint8Array())
    await storageAt('').write('users/dave/empty-folder/', new Uint8Array())
    await storageAt('users/dave').write('real.json', new Uint8Array([1]))
    expect(await storageAt('users/dave').list('')).toEqual(['real.json'])
  })
})
