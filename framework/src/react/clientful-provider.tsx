// The device's client for every component below: <ClientfulProvider client={…}>, then useClient().

import { createContext, useContext, type ReactNode } from 'react'
import type { ClientApi } from '../api/client-api.ts'

const ClientContext = createContext<ClientApi | undefined>(undefined)

export interface ClientfulProviderProps {
  /** What openBrowserClient (clientful/browser) resolved to. */
  readonly client: ClientApi
  readonly children?: ReactNode
}

export function ClientfulProvider({ client, children }: ClientfulProviderProps) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
}

/** The client of the nearest <ClientfulProvider>. */
export function useClient(): ClientApi {
  const client = useContext(ClientContext)
  if (!client) throw new Error('useClient() needs a <ClientfulProvider client={…}> above this component')
  return client
}
