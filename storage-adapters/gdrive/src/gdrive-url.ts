// gdrive://FOLDER_ID?api=http://127.0.0.1:PORT — how apps, the CLI and users name a Drive
// root. The token never goes in the URL: it ends up in logs and UIs.

import { StorageError } from 'clientful/storage'
import { createGdriveStorage, type GdriveStorage, type GdriveStorageOptions } from './gdrive-storage.ts'

export interface GdriveUrlParts {
  readonly rootFolderId: string
  /** Another Drive API origin (a test server); omitted for Google's. */
  readonly apiUrl?: string
}

const KNOWN_PARAMETERS = new Set(['api'])

function refuse(reason: string, cause?: unknown): StorageError {
  // Location deliberately omits the URL: a mistyped one may hold a secret.
  return new StorageError('invalid', 'gdrive://', `not a usable gdrive:// URL: ${reason}`, { cause })
}

export function parseGdriveUrl(url: string): GdriveUrlParts {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (error) {
    throw refuse('it is not a URL', error)
  }
  if (parsed.protocol !== 'gdrive:') throw refuse(`expected gdrive:, got ${parsed.protocol}`)
  if (parsed.username !== '' || parsed.password !== '') throw refuse('credentials do not belong in the URL')
  // gdrive: is not a special scheme, so the host keeps its case, as Drive ids need.
  if (!/^[A-Za-z0-9_-]+$/.test(parsed.host)) throw refuse('it names no folder id (gdrive://FOLDER_ID)')
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.hash !== '') throw refuse('a folder id takes no path or fragment')
  for (const name of parsed.searchParams.keys()) {
    if (!KNOWN_PARAMETERS.has(name)) throw refuse(`unknown parameter "${name}" (known: ${[...KNOWN_PARAMETERS].join(', ')})`)
  }
  const api = parsed.searchParams.get('api') ?? undefined
  if (api !== undefined && !/^https?:\/\/[^/]+\/?$/.test(api)) throw refuse('api must be an http(s) origin')
  return { rootFolderId: parsed.host, ...(api !== undefined && { apiUrl: api.replace(/\/$/, '') }) }
}

/** The StorageOpener for gdrive:// URLs; `token` is an access token or a function that refreshes it. */
export async function openGdriveUrl(
  url: string,
  token: string | (() => Promise<string>),
  options: Omit<GdriveStorageOptions, 'rootFolderId' | 'getToken' | 'apiUrl'> = {},
): Promise<GdriveStorage> {
  if (token === '' || (typeof token !== 'string' && typeof token !== 'function')) throw new TypeError('token must be an access token or a function returning one')
  const getToken = typeof token === 'string' ? async () => token : token
  return createGdriveStorage({ ...options, ...parseGdriveUrl(url), getToken })
}
