// What every screen needs besides the device's client (clientful/react's useClient): the
// deployment's config, the user's bucket keys and how storage URLs open. Built once at startup
// (main.tsx) and shared through React context.

import { createContext, useContext } from 'react'
import type { RuntimeConfig } from '../config/runtime-config.ts'
import type { AppUpdates } from '../offline/register-service-worker.ts'
import type { AppStorage } from '../storage/app-storage.ts'
import type { CredentialStore } from '../storage/credential-store.ts'

export interface AppServices {
  readonly config: RuntimeConfig
  readonly credentials: CredentialStore
  readonly storage: AppStorage
  /** New versions of the app: waiting, and applied on request. */
  readonly updates: AppUpdates
  /** Whether ./config.json was there: without it the app explains what a deployment puts in it. */
  readonly configFound: boolean
}

export const ServicesContext = createContext<AppServices | undefined>(undefined)

export function useServices(): AppServices {
  const services = useContext(ServicesContext)
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>')
  return services
}
