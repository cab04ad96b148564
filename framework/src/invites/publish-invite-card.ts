// The inviting side: the card for a new invite goes to the primary storage, signed by this
// device and sealed under the invite's secret, before the link is handed out.

import type { Role } from '../api/role.ts'
import { profilesOf } from '../profiles/profiles.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'
import type { Workspace } from '../workspace/workspace.ts'
import { writeInviteCard } from './invite-card.ts'

export interface CardContents {
  readonly role: Role
  readonly expires: number | undefined
  readonly credentials: StorageCredentials | undefined
}

export async function publishInviteCard(ws: Workspace, secret: Uint8Array, contents: CardContents): Promise<void> {
  const { deps } = ws.parts
  const user = deps.identity.userId
  const name = (await profilesOf(ws)).get(user)?.name
  const { storage, relay } = ws.config
  await writeInviteCard(
    await ws.storage(),
    secret,
    {
      ws: ws.id,
      name: ws.name,
      storage,
      ...(relay ? { relay } : {}),
      ...(contents.credentials ? { credentials: contents.credentials } : {}),
      role: contents.role,
      ...(contents.expires !== undefined ? { expires: contents.expires } : {}),
      by: { device: deps.identity.deviceId, user, ...(name ? { name } : {}) },
      at: deps.now(),
    },
    deps.identity.signing.privateKey,
  )
}
