// Which devices and invites this device's copy of the log has ever admitted: the founder, every
// device a join or add-device names, every invite. Screening a membership entry from storage
// asks it one question — could this author have signed anything here? — so that entries signed
// by strangers are refused before they are stored (screen-entries.ts).

import type { GenesisFile, MemberEntry } from './entries.ts'

export class Admissions {
  readonly #devices = new Set<string>()
  /** Invite entry hash → the invite's public key. */
  readonly #invites = new Map<string, string>()

  constructor(genesis: GenesisFile) {
    this.#devices.add(genesis.founder.id)
  }

  hasDevice(id: string): boolean {
    return this.#devices.has(id)
  }

  inviteKey(hash: string): string | undefined {
    return this.#invites.get(hash)
  }

  /** Records what an accepted entry admits; returns the ids (devices, invites) it newly admits. */
  note(hash: string, entry: MemberEntry): string[] {
    if (entry.type === 'invite' && !this.#invites.has(hash)) {
      this.#invites.set(hash, entry.body.key)
      return [hash]
    }
    if ((entry.type === 'join' || entry.type === 'add-device') && !this.#devices.has(entry.body.device.id)) {
      this.#devices.add(entry.body.device.id)
      return [entry.body.device.id]
    }
    return []
  }
}
