// Access tokens for Google Drive. In production the deployment's config.json names an OAuth
// client id and tokens come from Google Identity Services (its script is loaded only when a
// Drive location is first used); for local tests config.json may carry a fixed token for a
// Drive API test server instead. Tokens stay in memory: a reload asks Google again.

import { StorageError } from 'clientful'
import type { GoogleConfig } from '../config/runtime-config.ts'

const GIS_SCRIPT = 'https://accounts.google.com/gsi/client'
/** Files this app creates or the user opens with it: never the rest of the user's Drive. */
export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive.file'
const REFRESH_MARGIN_MS = 60_000

export interface GoogleTokenSource {
  /** A current access token; asks Google (a sign-in popup the first time) when there is none. */
  getToken(): Promise<string>
  /** Loads Google's script ahead of a click, so the sign-in popup opens from the click itself. */
  preload(): void
}

interface TokenResponse {
  readonly access_token?: string
  readonly expires_in?: number | string
  readonly error?: string
  readonly error_description?: string
}

interface TokenClient {
  requestAccessToken(overrides?: { prompt?: string }): void
}

interface GoogleIdentityServices {
  readonly accounts: {
    readonly oauth2: {
      initTokenClient(config: {
        client_id: string
        scope: string
        callback: (response: TokenResponse) => void
        error_callback?: (error: { type?: string; message?: string }) => void
      }): TokenClient
    }
  }
}

declare global {
  interface Window {
    google?: GoogleIdentityServices
  }
}

const LOCATION = 'gdrive://'

/** undefined when this deployment cannot reach Google Drive (no client id, no test token). */
export function createGoogleTokenSource(config: GoogleConfig | undefined): GoogleTokenSource | undefined {
  if (config?.token !== undefined) {
    const token = config.token
    return { getToken: async () => token, preload: () => undefined }
  }
  if (config?.clientId === undefined) return undefined
  return identityServicesTokens(config.clientId)
}

function identityServicesTokens(clientId: string): GoogleTokenSource {
  let script: Promise<GoogleIdentityServices> | undefined
  let client: TokenClient | undefined
  let current: { readonly token: string; readonly expiresAt: number } | undefined
  let pending: { readonly promise: Promise<string>; resolve(token: string): void; reject(error: unknown): void } | undefined

  const load = (): Promise<GoogleIdentityServices> => {
    script ??= loadScript().catch((error: unknown) => {
      script = undefined // try again next time
      throw error
    })
    return script
  }
  const settle = (outcome: { token: string } | { error: StorageError }): void => {
    const waiting = pending
    pending = undefined
    if ('token' in outcome) waiting?.resolve(outcome.token)
    else waiting?.reject(outcome.error)
  }
  const tokenClient = (gis: GoogleIdentityServices): TokenClient => {
    client ??= gis.accounts.oauth2.initTokenClient({
      client_id: clientId,
      scope: DRIVE_SCOPE,
      callback: (response) => {
        if (response.error !== undefined || !response.access_token) {
          settle({ error: new StorageError('auth', LOCATION, `Google sign-in failed: ${response.error_description ?? response.error ?? 'no token'}`) })
          return
        }
        const lifetime = Number(response.expires_in ?? 3600) * 1000
        current = { token: response.access_token, expiresAt: Date.now() + lifetime }
        settle({ token: response.access_token })
      },
      error_callback: (error) => {
        const why = error.type === 'popup_closed' ? 'the Google sign-in window was closed' : error.type === 'popup_failed_to_open' ? 'the browser blocked the Google sign-in window' : (error.message ?? 'Google sign-in failed')
        settle({ error: new StorageError('auth', LOCATION, why) })
      },
    })
    return client
  }

  return {
    preload: () => void load().catch(() => undefined),
    async getToken() {
      if (current && current.expiresAt - REFRESH_MARGIN_MS > Date.now()) return current.token
      if (pending) return pending.promise
      let resolve!: (token: string) => void
      let reject!: (error: unknown) => void
      const promise = new Promise<string>((yes, no) => {
        resolve = yes
        reject = no
      })
      pending = { promise, resolve, reject }
      try {
        // prompt '' asks the user only the first time; later refreshes are silent.
        tokenClient(await load()).requestAccessToken({ prompt: '' })
      } catch (error) {
        settle({ error: error instanceof StorageError ? error : new StorageError('auth', LOCATION, `Google sign-in failed: ${String(error)}`) })
      }
      return promise
    },
  }
}

function loadScript(): Promise<GoogleIdentityServices> {
  return new Promise((resolve, reject) => {
    if (window.google?.accounts?.oauth2) return resolve(window.google)
    const element = document.createElement('script')
    element.src = GIS_SCRIPT
    element.async = true
    element.onload = () => (window.google?.accounts?.oauth2 ? resolve(window.google) : reject(new StorageError('unreachable', LOCATION, 'Google sign-in did not load')))
    element.onerror = () => {
      element.remove()
      reject(new StorageError('unreachable', LOCATION, 'Google sign-in could not be loaded (offline?)'))
    }
    document.head.append(element)
  })
}
