// The deployment's config.json, fetched at startup (never cached): where new lists are stored
// and which relay makes edits show up at once. `npm start` serves one for the local s3rver
// and relay; for a deployment, put yours next to index.html (see README.md).

export interface AppConfig {
  /** An S3-compatible bucket folder, and keys the browser may use for it. */
  readonly storage: { readonly url: string; readonly accessKeyId: string; readonly secretAccessKey: string }
  /** wss://… of a Clientful relay (optional: storage alone syncs too, only slower). */
  readonly relay?: string
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('./config.json', { cache: 'no-store' })
  if (!response.ok) throw new Error(`config.json: the server answered ${response.status}`)
  const config = (await response.json()) as Partial<AppConfig>
  if (!config.storage?.url || !config.storage.accessKeyId || config.storage.secretAccessKey === undefined) {
    throw new Error('config.json needs storage.url, storage.accessKeyId and storage.secretAccessKey')
  }
  return config as AppConfig
}
