// The fold's choice of the next entry among those whose parents are all folded: the most
// senior author first (lowest priority number), then the lower entry hash. A binary heap keeps
// each choice O(log n). An author's seniority can change while its entries wait (its device or
// member arrives in the fold), so the fold re-keys that author's waiting entries; stale heap
// items are skipped when they surface.

interface Item {
  readonly priority: number
  readonly hash: string
  readonly version: number
}

export class ReadyQueue {
  readonly #heap: Item[] = []
  /** Ready entries and the version of their live heap item. */
  readonly #ready = new Map<string, number>()
  readonly #byAuthor = new Map<string, Set<string>>()
  readonly #priority: (hash: string) => number
  readonly #authorOf: (hash: string) => string
  /** Heap pushes and pops, for the fold's work bound. */
  operations = 0

  constructor(priority: (hash: string) => number, authorOf: (hash: string) => string) {
    this.#priority = priority
    this.#authorOf = authorOf
  }

  get size(): number {
    return this.#ready.size
  }

  add(hash: string): void {
    const author = this.#authorOf(hash)
    let set = this.#byAuthor.get(author)
    if (!set) this.#byAuthor.set(author, (set = new Set()))
    set.add(hash)
    this.#push(hash, 0)
  }

  /** Recomputes the priority of every ready entry by `author`. */
  rekey(author: string): void {
    for (const hash of this.#byAuthor.get(author) ?? []) this.#push(hash, this.#ready.get(hash)! + 1)
  }

  /** The next entry to fold, or undefined when none is ready. */
  pop(): string | undefined {
    while (this.#heap.length > 0) {
      const top = this.#popItem()
      if (this.#ready.get(top.hash) !== top.version) continue
      this.#ready.delete(top.hash)
      this.#byAuthor.get(this.#authorOf(top.hash))!.delete(top.hash)
      return top.hash
    }
    return undefined
  }

  #push(hash: string, version: number): void {
    this.#ready.set(hash, version)
    const heap = this.#heap
    heap.push({ priority: this.#priority(hash), hash, version })
    this.operations++
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  #popItem(): Item {
    const heap = this.#heap
    const top = heap[0]!
    const last = heap.pop()!
    this.operations++
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let smallest = i
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right
        if (smallest === i) break
        ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
        i = smallest
      }
    }
    return top
  }
}

function before(a: Item, b: Item): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.hash < b.hash)
}
