// Which local connections are in which room. Rooms exist only while they have members:
// the relay forgets a room the moment its last member leaves.

export type AddResult = 'first' | 'added' | 'already' | 'full'

export class RoomRegistry<Member> {
  readonly #rooms = new Map<string, Set<Member>>()
  readonly #maxPerRoom: number
  readonly #onEmpty: (roomHex: string) => void

  constructor(maxPerRoom: number, onEmpty: (roomHex: string) => void) {
    this.#maxPerRoom = maxPerRoom
    this.#onEmpty = onEmpty
  }

  get size(): number {
    return this.#rooms.size
  }

  isFull(roomHex: string): boolean {
    return (this.#rooms.get(roomHex)?.size ?? 0) >= this.#maxPerRoom
  }

  add(roomHex: string, member: Member): AddResult {
    const members = this.#rooms.get(roomHex)
    if (!members) {
      this.#rooms.set(roomHex, new Set([member]))
      return 'first'
    }
    if (members.has(member)) return 'already'
    if (members.size >= this.#maxPerRoom) return 'full'
    members.add(member)
    return 'added'
  }

  remove(roomHex: string, member: Member): void {
    const members = this.#rooms.get(roomHex)
    if (!members?.delete(member)) return
    if (members.size === 0) {
      this.#rooms.delete(roomHex)
      this.#onEmpty(roomHex)
    }
  }

  has(roomHex: string, member: Member): boolean {
    return this.#rooms.get(roomHex)?.has(member) ?? false
  }

  members(roomHex: string): ReadonlySet<Member> {
    return this.#rooms.get(roomHex) ?? EMPTY
  }

  activeRooms(): IterableIterator<string> {
    return this.#rooms.keys()
  }
}

const EMPTY: ReadonlySet<never> = new Set()
