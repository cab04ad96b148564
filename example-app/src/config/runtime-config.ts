// The deployment's defaults, fetched from ./config.json next to index.html. Whoever serves the
// app writes it (npm start, the e2e server, an operator); without it the app still runs and
// asks the user for storage details. It is never cached offline (see offline/service-worker.ts).

export interface RuntimeConfig {
  readonly storage?: {
    readonly url?: string
    readonly accessKeyId?: string
    readonly secretAccessKey?: string
  }
  readonly relay?: string
  readonly google?: GoogleConfig
}

/** Google Drive as a storage choice. */
export interface GoogleConfig {
  /** The deployment's OAuth client id: the app gets tokens with Google Identity Services. */
  readonly clientId?: string
  /** The Google Cloud API key the Google Picker needs (members open a shared folder with it). */
  readonly apiKey?: string
  /** The Cloud project number: the Picker grants the app (scope drive.file) the folder the user picks. */
  readonly appId?: string
  /** LOCAL TESTING ONLY: another Drive API origin (a test server such as google-drive-mock). */
  readonly apiUrl?: string
  /** LOCAL TESTING ONLY: a fixed access token for that test server. Anyone who loads the page can read it. */
  readonly token?: string
}

export type LoadedConfig =
  | { readonly ok: true; readonly config: RuntimeConfig; readonly found: boolean }
  | { readonly ok: false; readonly config: RuntimeConfig; readonly problem: string; readonly found: boolean }

const EMPTY: RuntimeConfig = {}

export async function loadRuntimeConfig(url = './config.json'): Promise<LoadedConfig> {
  let response: Response
  try {
    response = await fetch(url, { cache: 'no-store' })
  } catch {
    // Offline, or no server: the device's own state is enough to keep working.
    return { ok: true, config: EMPTY, found: true }
  }
  if (response.status === 404) return { ok: true, config: EMPTY, found: false }
  if (!response.ok) return { ok: false, config: EMPTY, problem: `config.json could not be loaded (HTTP ${response.status})`, found: false }
  let json: unknown
  try {
    json = await response.json()
  } catch {
    return { ok: false, config: EMPTY, problem: 'config.json is not valid JSON: using no defaults', found: true }
  }
  return parseRuntimeConfig(json)
}

/** Keeps only well-typed fields, so a hand-edited config can never crash the app. */
export function parseRuntimeConfig(json: unknown): LoadedConfig {
  if (!isRecord(json)) return { ok: false, config: EMPTY, problem: 'config.json is not a JSON object: using no defaults', found: true }
  const storage = isRecord(json.storage) ? json.storage : {}
  const google = isRecord(json.google) ? json.google : {}
  const apiUrl = stringField(google, 'apiUrl')
  const config: RuntimeConfig = {
    storage: {
      ...stringField(storage, 'url'),
      ...stringField(storage, 'accessKeyId'),
      ...stringField(storage, 'secretAccessKey'),
    },
    ...stringField(json, 'relay'),
    google: {
      ...stringField(google, 'clientId'),
      ...stringField(google, 'apiKey'),
      ...stringField(google, 'appId'),
      // An origin only (http(s)://host[:port]); anything else is dropped rather than trusted.
      ...(apiUrl.apiUrl !== undefined && /^https?:\/\/[^/?#]+\/?$/.test(apiUrl.apiUrl) ? { apiUrl: apiUrl.apiUrl.replace(/\/$/, '') } : {}),
      ...stringField(google, 'token'),
    },
  }
  return { ok: true, config, found: true }
}

function stringField<K extends string>(record: Record<string, unknown>, key: K): { [P in K]?: string } {
  const value = record[key]
  return (typeof value === 'string' && value.trim() !== '' ? { [key]: value.trim() } : {}) as { [P in K]?: string }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
