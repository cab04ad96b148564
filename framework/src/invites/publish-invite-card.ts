// The inviting side: the card for a new invite goes to the primary storage, signed by this
// device and sealed under the invite's secret, before the link is handed out.

import type { Role } from '../api/role.ts'
import { profilesOf } from '../profiles/profiles.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { DocHandle } from '../docs/doc-handle.ts'
import type { EngineContext } from '../sync/engine-parts.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { writeInviteCard } from './invite-card.ts'

export interface CardContents {
  readonly role: Role
  readonly expires: number | undefined
  readonly credentials: StorageCredentials | undefined
}

/** What publishing a card uses of its workspace: the inviter's name comes from its profiles. */
export type InviteCardSource = EngineContext<'identity' | 'now'> & {
  readonly name: string
  readonly config: WorkspaceConfig
  /** The primary storage location. */
  storage(): Promise<UserStorage>
  findDoc<T>(name: string): Promise<DocHandle<T> | undefined>
}

export async function publishInviteCard(ws: InviteCardSource, secret: Uint8Array, contents: CardContents): Promise<void> {
  const { identity, now } = ws.parts
  const user = identity.userId
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
      by: { device: identity.deviceId, user, ...(name ? { name } : {}) },
      at: now(),
    },
    identity.signing.privateKey,
  )
}
