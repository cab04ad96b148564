// When a device holds its own log in storage against what it sealed (reconcile-own-log.ts):
// a listing once per session and storage location, and a full comparison, once per location,
// on data written before one engine per device. A device that never ran two engines (every
// device created since) is marked so at creation and never pays for the full comparison.

import type { LocalStore } from '../local/local-store.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { sha256 } from '../crypto/webcrypto.ts'

/** Written when a device's data for a workspace is known to come from one engine at a time. */
export const ONE_ENGINE_MARK = 'one-engine'

export async function markOneEngine(local: LocalStore, prefix: readonly string[]): Promise<void> {
  await local.putJson([...prefix, ONE_ENGINE_MARK], { since: 1 })
}

export class OwnLogChecks {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #listedThisSession = new Set<string>()
  #legacy: boolean

  private constructor(local: LocalStore, prefix: readonly string[], legacy: boolean) {
    this.#local = local
    this.#prefix = prefix
    this.#legacy = legacy
  }

  static async load(local: LocalStore, prefix: readonly string[]): Promise<OwnLogChecks> {
    return new OwnLogChecks(local, prefix, (await local.getBytes([...prefix, ONE_ENGINE_MARK])) === undefined)
  }

  /** Data from before one engine per device: its progress may count envelopes it never kept. */
  get legacy(): boolean {
    return this.#legacy
  }

  /** What this sync owes the location: nothing, a listing, or the full comparison. */
  async due(url: string): Promise<'full' | 'list' | undefined> {
    if (this.#legacy && (await this.#local.getBytes(await this.#auditKey(url))) === undefined) return 'full'
    return this.#listedThisSession.has(url) ? undefined : 'list'
  }

  async done(url: string, kind: 'full' | 'list'): Promise<void> {
    this.#listedThisSession.add(url)
    if (kind === 'full') await this.#local.putJson(await this.#auditKey(url), { at: Date.now() })
  }

  /** Every location had its full comparison: from now on this device is like a new one. */
  async finishUpgrade(urls: readonly string[]): Promise<void> {
    if (!this.#legacy) return
    for (const url of urls) if ((await this.#local.getBytes(await this.#auditKey(url))) === undefined) return
    await markOneEngine(this.#local, this.#prefix)
    this.#legacy = false
  }

  async #auditKey(url: string): Promise<string[]> {
    return [...this.#prefix, 'audited', toHex((await sha256(utf8Encode(url))).subarray(0, 8))]
  }
}

/**
 * Before one engine per device, progress could count an envelope whose changes Automerge had
 * only queued and a reload then lost. Such a device forgets its progress once, after the
 * upgrade, and fetches every log again (applying is idempotent), so it catches up on what it
 * silently missed.
 */
export async function repullOnceAfterUpgrade(local: LocalStore, prefix: readonly string[]): Promise<boolean> {
  if ((await local.getBytes([...prefix, ONE_ENGINE_MARK])) !== undefined) return false
  if ((await local.getBytes([...prefix, 'repulled'])) !== undefined) return false
  await local.deleteRange([...prefix, 'progress'])
  await local.putJson([...prefix, 'repulled'], { at: Date.now() })
  return true
}
