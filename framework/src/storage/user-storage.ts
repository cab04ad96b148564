// The one seam between Clientful and storage the user owns (an S3 bucket, a Google Drive
// folder, a local folder). Paths are '/'-separated and relative to the root the user chose.
// Each file has exactly one writer (docs/FORMAT.md), so no adapter needs locks or
// conditional writes. Adapters run the conformance suite in clientful/testing.

export interface ListOptions {
  /** Only paths sorting strictly after this one (delta listing). */
  readonly startAfter?: string
}

export interface UserStorage {
  /** A human-readable location for messages, e.g. "s3://bucket/prefix". Never credentials. */
  readonly location: string
  /** The file's bytes, or undefined when there is no such file. */
  read(path: string): Promise<Uint8Array | undefined>
  /** Creates or replaces the file. Resolves once the storage has durably accepted it. */
  write(path: string, data: Uint8Array): Promise<void>
  /** Removes the file; removing a missing file succeeds. */
  delete(path: string): Promise<void>
  /** Every file path under `prefix`, ascending by code unit; adapters page internally. */
  list(prefix: string, options?: ListOptions): Promise<string[]>
}

/** Opens storage from a URL such as s3://…, file:///…, gdrive://… (supplied by the app or CLI). */
export type StorageOpener = (url: string) => Promise<UserStorage>
