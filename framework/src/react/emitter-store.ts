// Reading an emitter's current value in React with useSyncExternalStore. The value is read
// once per event and kept, because useSyncExternalStore needs the same object back until
// something changed (a getter that builds a new object each call would re-render forever).

import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { Unsubscribe } from '../util/events.ts'

/**
 * `subscribe` registers for the events after which `read()` may return something new; `read`
 * is called at most once per event. Both are taken from the first render with a given `key`:
 * change `key` (e.g. the workspace) to start over.
 */
export function useEmitterValue<T>(key: unknown, subscribe: (onEvent: () => void) => Unsubscribe, read: () => T): T {
  const cache = useRef<{ key: unknown; value: T } | undefined>(undefined)
  if (cache.current === undefined || cache.current.key !== key) cache.current = { key, value: read() }
  const readRef = useRef(read)
  readRef.current = read
  const subscribeToKey = useCallback(
    (onStoreChange: () => void) => {
      const refresh = (): void => {
        const value = readRef.current()
        if (!Object.is(value, cache.current?.value)) cache.current = { key, value }
        onStoreChange()
      }
      const unsubscribe = subscribe(refresh)
      refresh() // an event between the render and this subscription is not lost
      return unsubscribe
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for what subscribe closes over
    [key],
  )
  const snapshot = useCallback(() => cache.current!.value, [])
  return useSyncExternalStore(subscribeToKey, snapshot, snapshot)
}
