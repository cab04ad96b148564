// The quarantine list: what was refused and why, persisted so the app can show it after a
// reload. The same item refused for the same reason is recorded once.

import { toHex, utf8Encode } from '../util/bytes.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import type { LocalStore } from '../local/local-store.ts'
import { Emitter } from '../util/events.ts'
import type { Rejection } from './rejection.ts'

export interface RejectionLogEvents extends Record<string, unknown> {
  rejected: Rejection
}

const LIMIT = 1000

export class RejectionLog extends Emitter<RejectionLogEvents> {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #known = new Set<string>()

  constructor(local: LocalStore, prefix: readonly string[]) {
    super()
    this.#local = local
    this.#prefix = prefix
  }

  /** Records the rejection; returns false when it was already recorded. */
  async record(rejection: Rejection): Promise<boolean> {
    // Refusals of stored or relayed items repeat on every sync: record each once. Undone local
    // changes are distinct events.
    const when = rejection.kind === 'local-change' ? rejection.at : ''
    const identity = [rejection.kind, rejection.path ?? '', rejection.device ?? '', rejection.seq ?? '', rejection.reason, when].join('|')
    const id = toHex((await sha256(utf8Encode(identity))).subarray(0, 16))
    if (this.#known.has(id)) return false
    this.#known.add(id)
    const key = [...this.#prefix, 'rejected', id]
    if ((await this.#local.getBytes(key)) !== undefined) return false
    if (this.#known.size <= LIMIT) await this.#local.putJson(key, rejection)
    this.emit('rejected', rejection)
    return true
  }

  async list(): Promise<Rejection[]> {
    const rows = await this.#local.rangeJson<Rejection>([...this.#prefix, 'rejected'])
    return rows.map((r) => r.value).sort((a, b) => a.at - b.at)
  }
}

/**
 * The reject callback for work done before a workspace opens (joining, adopting it from a
 * recovery kit): what storage served and this device refused lands in the same list the
 * workspace shows once open, never dropped.
 */
export function recordStorageRejections(log: RejectionLog, now: () => number): (r: Omit<Rejection, 'at' | 'source'>) => Promise<void> {
  return async (r) => void (await log.record({ ...r, source: 'storage', at: now() }))
}
