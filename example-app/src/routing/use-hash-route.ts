import { useSyncExternalStore } from 'react'
import { parseRoute, type Route } from './hash-route.ts'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

const currentHash = (): string => location.hash

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash)
  return parseRoute(hash)
}
