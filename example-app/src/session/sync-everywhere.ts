// Account-wide actions (removing a device, linking one) change every workspace this device
// is in, but only the open one has live sync: push the others' membership logs too.

import type { ClientApi } from 'clientful'

/** Syncs every workspace once; false when any of them failed (their status says why). */
export async function syncEverywhere(client: ClientApi): Promise<boolean> {
  const results = await Promise.all((await client.openAll()).map((ws) => ws.sync().then(() => true, () => false)))
  return results.every(Boolean)
}
