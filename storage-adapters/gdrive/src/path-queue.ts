// Operations on one path run one at a time, in order, so two writes of a new file never race
// to create it twice. While one runs, the next waiting operation is replaced by any newer one
// (its callers then wait for the newer one): a file rewritten faster than Drive accepts
// writes costs one upload per turn, not one per call.

export interface PathQueue {
  run(path: string, operation: () => Promise<void>): Promise<void>
}

interface Waiting {
  operation: () => Promise<void>
  readonly done: Promise<void>
  readonly settle: (outcome: Promise<void>) => void
}

function waiting(operation: () => Promise<void>): Waiting {
  let settle!: (outcome: Promise<void>) => void
  const done = new Promise<void>((resolve) => (settle = resolve))
  return { operation, done, settle }
}

export function createPathQueue(): PathQueue {
  const queues = new Map<string, { next: Waiting | undefined }>()

  async function drain(path: string, queue: { next: Waiting | undefined }, first: Promise<void>): Promise<void> {
    await first.catch(() => undefined)
    for (let next = queue.next; next !== undefined; next = queue.next) {
      queue.next = undefined
      const outcome = next.operation()
      next.settle(outcome)
      await outcome.catch(() => undefined)
    }
    queues.delete(path)
  }

  return {
    run(path, operation) {
      const queue = queues.get(path)
      if (queue === undefined) {
        const fresh = { next: undefined }
        queues.set(path, fresh)
        const first = operation()
        void drain(path, fresh, first)
        return first
      }
      if (queue.next !== undefined) {
        queue.next.operation = operation // coalesced: the newer operation makes the older moot
        return queue.next.done
      }
      queue.next = waiting(operation)
      return queue.next.done
    },
  }
}
