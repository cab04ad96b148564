// Who else has the open workspace on screen right now, and where they are in it: presence
// goes through the relay (encrypted, signed by each device, never stored) and a device that
// leaves is gone within seconds (presence/presence.ts).

import { useEffect } from 'react'
import type { Presence } from '../api/presence.ts'
import { useEmitterValue } from './emitter-store.ts'
import { useWorkspace } from './workspace-provider.tsx'

export type { Presence }

/**
 * The other devices present, live. With `mine`, this device shows that state (small JSON,
 * e.g. `{ task: id }`) to the others while the component is mounted with it.
 */
export function usePresence(mine?: unknown): readonly Presence[] {
  const workspace = useWorkspace()
  const shown = mine === undefined ? undefined : JSON.stringify(mine)
  useEffect(() => {
    if (shown !== undefined) workspace.setPresence(JSON.parse(shown))
  }, [workspace, shown])
  return useEmitterValue(
    workspace,
    (onChange) => workspace.on('presence', onChange),
    () => workspace.presence,
  )
}
