// The one seam between Clientful and storage the user owns (an S3 bucket, a Google Drive
// folder, a local folder). Paths are '/'-separated and relative to the root the user chose.
// Each file has exactly one writer (docs/FORMAT.md), so no adapter needs locks or
// conditional writes. Adapters run the conformance suite in clientful/testing.

import type { StorageCredentials } from '../api/storage-credentials.ts'

export interface ListOptions {
  /** Only paths sorting strictly after this one (delta listing). */
  readonly startAfter?: string
}

/**
 * A file as a listing shows it, with a change token: an opaque string the listing gets for
 * free (S3's ETag, Drive's file id and version, a local file's inode, size and mtime) that
 * changes whenever the file's content changes. Equal tokens mean "not rewritten since"; a
 * rewrite with the same bytes may keep or change it. `undefined`: this storage cannot tell,
 * so the reader reads the file to know.
 */
export interface ListedFile {
  readonly path: string
  readonly token: string | undefined
}

export interface ReadOptions {
  /**
   * Refuse (StorageError 'too-large') a file larger than this, without holding its bytes: what
   * storage serves is untrusted, and every reader bounds what it will take (invariant 13).
   */
  readonly maxBytes?: number
}

export interface UserStorage {
  /** A human-readable location for messages, e.g. "s3://bucket/prefix". Never credentials. */
  readonly location: string
  /** The file's bytes, or undefined when there is no such file. */
  read(path: string, options?: ReadOptions): Promise<Uint8Array | undefined>
  /** Creates or replaces the file. Resolves once the storage has durably accepted it. */
  write(path: string, data: Uint8Array): Promise<void>
  /** Removes the file; removing a missing file succeeds. */
  delete(path: string): Promise<void>
  /** Every file path under `prefix`, ascending by code unit; adapters page internally. */
  list(prefix: string, options?: ListOptions): Promise<string[]>
  /**
   * The same listing (same paths, same order, same cost: no extra request per file) with each
   * file's change token. Optional: without it readers read what they need to compare.
   */
  listWithTokens?(prefix: string, options?: ListOptions): Promise<ListedFile[]>
}

export type { StorageCredentials } from '../api/storage-credentials.ts'

/**
 * Opens storage from a URL such as s3://…, file:///…, gdrive://… (supplied by the app or
 * CLI). `credentials` are the workspace's shared ones for that URL, when it has any.
 */
export type StorageOpener = (url: string, credentials?: StorageCredentials) => Promise<UserStorage>
