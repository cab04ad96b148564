// What an app passes to reach a storage location it names by URL.

/**
 * Credentials for a storage location, shared with the workspace's members sealed inside the
 * workspace (and carried by invite codes), e.g. `{ accessKeyId, secretAccessKey }` for S3 or
 * `{ token }`. Adapters define the names they read.
 */
export type StorageCredentials = Readonly<Record<string, string>>
