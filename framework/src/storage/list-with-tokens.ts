// A listing with change tokens from any storage: the adapter's own when it has them, else the
// plain listing with no tokens (the reader then reads what it needs to compare).

import type { ListedFile, ListOptions, UserStorage } from './user-storage.ts'

export async function listWithTokens(storage: UserStorage, prefix: string, options?: ListOptions): Promise<ListedFile[]> {
  if (storage.listWithTokens) return storage.listWithTokens(prefix, options)
  return (await storage.list(prefix, options)).map((path) => ({ path, token: undefined }))
}
