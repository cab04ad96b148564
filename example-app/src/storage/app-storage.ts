// How this app opens storage URLs: s3:// only (any S3-compatible endpoint), with credentials
// looked up on every call, so fixing wrong keys in the settings takes effect without a reload.
// It also remembers what kind of failure each storage last had, so the status bar can say
// "unreachable" or "wrong credentials" instead of an SDK message.

import { createS3Storage, parseS3Url } from '@clientful/storage-s3'
import { StorageError, isStorageError, type StorageErrorKind, type StorageOpener, type UserStorage } from 'clientful'
import type { CredentialStore, S3Credentials } from './credential-store.ts'

export interface AppStorage {
  readonly open: StorageOpener
  /** The kind of the last failed call to this storage URL; undefined after a success. */
  failureKind(url: string): StorageErrorKind | undefined
}

export function createAppStorage(credentials: CredentialStore): AppStorage {
  const failures = new Map<string, StorageErrorKind | undefined>()
  return {
    async open(url) {
      if (!url.startsWith('s3://')) {
        throw new StorageError('invalid', url.split(':')[0] + ':', 'this app opens s3:// storage only (e.g. s3://bucket/folder?endpoint=…)')
      }
      return credentialedS3(url, credentials, (kind) => failures.set(url, kind))
    },
    failureKind: (url) => failures.get(url),
  }
}

function credentialedS3(url: string, credentials: CredentialStore, record: (kind: StorageErrorKind | undefined) => void): UserStorage {
  const parts = parseS3Url(url)
  const location = `s3://${parts.bucket}${parts.prefix === '' ? '' : `/${parts.prefix}`}`
  let current: { readonly keys: S3Credentials; readonly storage: UserStorage } | undefined

  const storage = (): UserStorage => {
    const keys = credentials.get(url)
    if (!keys) throw new StorageError('auth', location, 'no access key and secret for this bucket: enter them in Storage settings')
    if (current?.keys.accessKeyId !== keys.accessKeyId || current.keys.secretAccessKey !== keys.secretAccessKey) {
      current = { keys, storage: createS3Storage({ ...parts, credentials: keys }) }
    }
    return current.storage
  }
  const run = async <T>(operation: (storage: UserStorage) => Promise<T>): Promise<T> => {
    try {
      const result = await operation(storage())
      record(undefined)
      return result
    } catch (error) {
      record(isStorageError(error) ? error.kind : 'transient')
      throw error
    }
  }
  return {
    location,
    read: (path) => run((s) => s.read(path)),
    write: (path, data) => run((s) => s.write(path, data)),
    delete: (path) => run((s) => s.delete(path)),
    list: (prefix, options) => run((s) => s.list(prefix, options)),
  }
}
