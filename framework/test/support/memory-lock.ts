// Web Locks for tests in Node (which has none): one exclusive lock per name, granted in
// request order, freed by release(). The browser's own is exercised in Chromium (e2e/).

import type { LeaderLock } from '../../src/tabs/tab-protocol.ts'

export function memoryLocks(): (name: string) => LeaderLock {
  const holders = new Map<string, object>()
  const queues = new Map<string, { who: object; grant: () => void }[]>()
  const grantNext = (name: string): void => {
    const next = queues.get(name)?.shift()
    if (!next) return void holders.delete(name)
    holders.set(name, next.who)
    next.grant()
  }
  return (name) => {
    const me = {}
    let cancel: (() => void) | undefined
    return {
      async tryAcquire() {
        if (holders.has(name)) return false
        holders.set(name, me)
        return true
      },
      acquire: () =>
        new Promise<void>((resolve, reject) => {
          const queue = queues.get(name) ?? []
          queues.set(name, queue)
          const entry = { who: me, grant: resolve }
          queue.push(entry)
          cancel = () => {
            const at = queue.indexOf(entry)
            if (at < 0) return // already granted
            queue.splice(at, 1)
            reject(new Error('cancelled'))
          }
        }),
      release() {
        if (holders.get(name) === me) grantNext(name)
        else cancel?.()
      },
    }
  }
}
