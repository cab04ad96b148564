// Who runs the device's engine in a browser profile: the tab holding a Web Lock, for as long as
// it lives. The browser frees the lock when the tab closes or its process dies, and hands it
// to the next tab in line; two tabs can never hold it at once. (A tab frozen in the background
// keeps it: the others wait, and the workspace status says the engine tab does not answer.)

import type { LeaderLock } from '../../tabs/tab-protocol.ts'

export function webLeaderLock(name: string): LeaderLock {
  let release: (() => void) | undefined
  const waiting = new AbortController()
  const hold = (): Promise<void> => new Promise<void>((resolve) => (release = resolve))
  return {
    tryAcquire: () =>
      new Promise<boolean>((resolve, reject) => {
        navigator.locks
          .request(name, { ifAvailable: true }, (lock) => {
            resolve(lock !== null)
            return lock ? hold() : undefined
          })
          .catch(reject)
      }),
    acquire: () =>
      new Promise<void>((resolve, reject) => {
        navigator.locks
          .request(name, { signal: waiting.signal }, () => {
            resolve()
            return hold()
          })
          .catch(reject)
      }),
    release() {
      waiting.abort()
      release?.()
    },
  }
}
