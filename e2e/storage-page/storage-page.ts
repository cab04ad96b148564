// The page e2e/storage-conformance.spec.ts drives: it opens the storage adapters inside
// Chromium (S3 over the AWS SDK's fetch, Google Drive over fetch, a folder through the File
// System Access API on the origin private file system) and runs the conformance suite's
// cases on them, one call per case.

import type { UserStorage } from 'clientful/storage'
import { storageConformanceCases } from 'clientful/testing'
import { createGdriveStorage } from '@clientful/storage-gdrive'
import { createFolderHandleStorage } from '@clientful/storage-local/browser'
import { createS3Storage } from '@clientful/storage-s3'

export type BackendConfig =
  | { readonly kind: 's3'; readonly endpoint: string; readonly bucket: string; readonly prefix: string; readonly accessKeyId: string; readonly secretAccessKey: string }
  | { readonly kind: 'gdrive'; readonly apiUrl: string; readonly rootFolderId: string; readonly token: string }
  | { readonly kind: 'opfs'; readonly folder: string }

export interface CaseOutcome {
  readonly ok: boolean
  readonly error?: string
  readonly ms: number
}

/** A promise's outcome as plain data that page.evaluate can return; StorageErrors keep their kind. */
export type Settled = { readonly ok: true; readonly value?: unknown } | { readonly ok: false; readonly name: string; readonly kind?: string; readonly message: string }

export interface StoragePage {
  caseNames(): string[]
  open(config: BackendConfig): Promise<UserStorage>
  runCase(config: BackendConfig, name: string): Promise<CaseOutcome>
  /** The origin private file system's root, for tests that reach around the adapter. */
  opfsRoot(): Promise<FileSystemDirectoryHandle>
  settle(promise: Promise<unknown>): Promise<Settled>
}

declare global {
  interface Window {
    storagePage: StoragePage
  }
}

async function openStorage(config: BackendConfig): Promise<UserStorage> {
  switch (config.kind) {
    case 's3':
      return createS3Storage({
        bucket: config.bucket,
        prefix: config.prefix,
        endpoint: config.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      })
    case 'gdrive':
      return createGdriveStorage({ rootFolderId: config.rootFolderId, apiUrl: config.apiUrl, getToken: async () => config.token, pacing: false })
    case 'opfs': {
      const root = await navigator.storage.getDirectory()
      return createFolderHandleStorage(await root.getDirectoryHandle(config.folder, { create: true }), `opfs://${config.folder}`)
    }
  }
}

// One set of cases (one random root) and one storage per backend for the page's lifetime,
// as the vitest suites share them.
const cases = storageConformanceCases()
const opened = new Map<string, Promise<UserStorage>>()

window.storagePage = {
  caseNames: () => cases.map((c) => c.name),
  open: openStorage,
  async runCase(config, name) {
    const conformanceCase = cases.find((c) => c.name === name)
    if (conformanceCase === undefined) return { ok: false, error: `no conformance case named ${JSON.stringify(name)}`, ms: 0 }
    const key = JSON.stringify(config)
    if (!opened.has(key)) opened.set(key, openStorage(config))
    const started = performance.now()
    try {
      await conformanceCase.run(await opened.get(key)!)
      return { ok: true, ms: performance.now() - started }
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      return { ok: false, error: message, ms: performance.now() - started }
    }
  },
  opfsRoot: () => navigator.storage.getDirectory(),
  async settle(promise) {
    try {
      const value = await promise
      return value === undefined ? { ok: true } : { ok: true, value }
    } catch (error) {
      const { name, kind, message } = error as { name?: string; kind?: string; message?: string }
      return { ok: false, name: name ?? 'Error', ...(kind !== undefined && { kind }), message: message ?? String(error) }
    }
  },
}
