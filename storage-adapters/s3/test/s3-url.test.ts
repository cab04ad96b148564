import { describe, expect, it } from 'vitest'
import { parseS3Url } from '../src/index.ts'

describe('parseS3Url', () => {
  it('reads bucket, prefix, endpoint and region', () => {
    expect(parseS3Url('s3://my-bucket/apps/notes/?endpoint=http://127.0.0.1:9000&region=eu-west-1')).toEqual({
      bucket: 'my-bucket',
      prefix: 'apps/notes',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
    })
  })

  it('defaults to the bucket root in us-east-1 on AWS', () => {
    expect(parseS3Url('s3://my.bucket')).toEqual({ bucket: 'my.bucket', prefix: '', region: 'us-east-1' })
  })

  it('takes an explicit path-style choice and a percent-encoded prefix', () => {
    expect(parseS3Url('s3://b/a%20b?forcePathStyle=false')).toMatchObject({ prefix: 'a b', forcePathStyle: false })
  })

  it.each([
    ['s3://KEY:SECRET@bucket/prefix', /credentials/],
    ['https://bucket/prefix', /expected s3:/],
    ['s3:///prefix', /no bucket/],
    ['s3://bucket/prefix?regoin=eu-west-1', /unknown parameter "regoin"/],
    ['s3://bucket?endpoint=127.0.0.1:9000', /endpoint/],
    ['s3://bucket?forcePathStyle=yes', /forcePathStyle/],
    ['s3://bucket:9000/prefix', /port/],
    ['s3://bucket/%E0%A4%A', /percent-encoding/],
    ['bucket/prefix', /not a URL/],
  ])('refuses %j', (url, reason) => {
    let thrown: unknown
    try {
      parseS3Url(url)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ name: 'StorageError', kind: 'invalid', message: expect.stringMatching(reason) })
    expect((thrown as Error).message).not.toContain('SECRET')
  })
})
