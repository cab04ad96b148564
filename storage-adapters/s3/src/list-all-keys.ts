// Every key under a prefix, across ListObjectsV2 pages (S3 returns at most 1,000 per page),
// each with its ETag: S3 changes it whenever an object's content changes (an MD5 of the bytes,
// or an opaque id for multipart and KMS-encrypted objects), and the listing carries it for free.

import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'

export interface ListedKey {
  readonly key: string
  readonly etag: string | undefined
}

export async function listAllKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  startAfter: string | undefined,
): Promise<ListedKey[]> {
  const keys: ListedKey[] = []
  let token: string | undefined
  do {
    // The continuation token carries the position, so StartAfter goes on page one only.
    const position = token !== undefined ? { ContinuationToken: token } : startAfter !== undefined && { StartAfter: startAfter }
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...position }))
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push({ key: object.Key, etag: object.ETag || undefined })
    // Stopping here would silently drop files; fail (as 'transient') instead.
    if (page.IsTruncated && page.NextContinuationToken === undefined) throw new Error('truncated listing without a continuation token')
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token !== undefined)
  return keys
}
