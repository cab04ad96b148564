// Error shapes that cannot be produced against a local server: browser fetch failures,
// timeouts, missing credentials. Shapes as the SDK raises them.
import { describe, expect, it } from 'vitest'
import { storageErrorFromS3 } from '../src/s3-errors.ts'

const withStatus = (name: string, httpStatusCode: number) =>
  Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode } })

describe('storageErrorFromS3', () => {
  it.each([
    ['Chromium fetch failure', new TypeError('Failed to fetch'), 'unreachable'],
    ['Firefox fetch failure', new TypeError('NetworkError when attempting to fetch resource.'), 'unreachable'],
    ['Safari fetch failure', new TypeError('Load failed'), 'unreachable'],
    ['SDK request timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'unreachable'],
    ['DNS failure', Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }), 'unreachable'],
    ['Node fetch failure', new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), 'unreachable'],
    ['no credentials in Node', Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }), 'auth'],
    ['no credentials in a browser', new Error('Credential is missing'), 'auth'],
    ['expired session token', withStatus('ExpiredToken', 400), 'auth'],
    ['rate limit via 429', withStatus('TooManyRequests', 429), 'throttled'],
    ['503 without a code', withStatus('ServiceUnavailable', 503), 'throttled'],
    ['502 from a proxy', withStatus('Unknown', 502), 'transient'],
    ['MinIO disk full', withStatus('XMinioStorageFull', 507), 'quota'],
    ['Ceph RGW quota (403, not auth)', withStatus('QuotaExceeded', 403), 'quota'],
    ['MinIO bucket quota (400)', withStatus('XMinioAdminBucketQuotaExceeded', 400), 'quota'],
    ['a bug of ours', new RangeError('oops'), 'transient'],
  ])('%s becomes %s', (_, error, kind) => {
    expect(storageErrorFromS3(error, 's3://b/p', 'read a.json')).toMatchObject({ kind, location: 's3://b/p', cause: error })
  })
})
